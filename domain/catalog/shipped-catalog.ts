/** The call's catalog: the shipped files (data/catalog), checked (checked-files.ts). */
import { type Catalog, catalogOf } from './catalog-of.ts';
import { CHECKED_CATALOG_FILES } from './checked-files.ts';

export const catalog: Catalog = catalogOf(CHECKED_CATALOG_FILES);
