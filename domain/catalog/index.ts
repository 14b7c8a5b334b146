/** The call's catalog: one import for its data, lookups and schemas. See data/catalog/README.md. */
export { catalog, createCatalog, CatalogError, CATALOG_FILES, type Catalog, type CatalogFiles } from './catalog.ts';
export { requiredEvidence, applicableEvidenceRules, type ParticipantProfile } from './required-evidence.ts';
export {
  CHANNELS,
  RESOURCE_SOURCES,
  RESOURCE_SOURCE_LABELS,
  PAYMENT_EVENTS,
  type Axe,
  type Call,
  type Channel,
  type ChannelInfo,
  type Contact,
  type Dispositif,
  type EvidencePiece,
  type EvidenceRule,
  type PathType,
  type PaymentSchedule,
  type Public,
  type ResourceSource,
  type Session,
  type Territory,
} from './schemas.ts';
