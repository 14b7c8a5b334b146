/**
 * The catalog files shipped in data/catalog, checked (`checkCatalogFiles`: each file against its
 * schema, then against the others). Run from the sources (the local platform, the tests), they are
 * checked when this module loads. A Lambda function's bundle holds their checked contents in its
 * place: the bundling step runs this same check when it bundles (`CHECKED_DATA_MODULES` in
 * infra/aws/constructs/bundle.ts; a bad file fails the bundling with the check's message), so a
 * cold start neither checks them again nor loads the catalog's schemas.
 */
import { CATALOG_FILES, checkCatalogFiles, type CheckedCatalogFiles } from './catalog.ts';

export const CHECKED_CATALOG_FILES: CheckedCatalogFiles = checkCatalogFiles(CATALOG_FILES);
