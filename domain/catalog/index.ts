/** The call's catalog: one import for its data, lookups and schemas. See data/catalog/README.md. */
export { catalog } from './shipped-catalog.ts';
export { createCatalog, checkCatalogFiles, CATALOG_FILES } from './catalog.ts';
export { CatalogError, type Catalog, type CatalogFiles, type CheckedCatalogFiles } from './catalog-of.ts';
export { requiredEvidence, applicableEvidenceRules, type ParticipantProfile } from './required-evidence.ts';
export { CHANNELS, RESOURCE_SOURCES, RESOURCE_SOURCE_LABELS, PAYMENT_EVENTS } from './codes.ts';
export type {
  Axe,
  Call,
  Channel,
  ChannelInfo,
  Contact,
  Dispositif,
  EvidencePiece,
  EvidenceRule,
  PathType,
  PaymentSchedule,
  Public,
  ResourceSource,
  Session,
  Territory,
} from './schemas.ts';
