#include "store/sqlite/schema.hpp"

namespace zicht::store::sqlite {

// Identifier columns hold only keyed hashes (16 bytes each; token lists concatenated) and
// Bloom filters (little-endian 64-bit words). Exploitation forms are a JSON array, since a
// record may carry several.
// The columns of schema version 1; later versions add columns by ALTER TABLE.
const char* const kRecordColumnsV1 = R"sql(
  source TEXT NOT NULL,
  source_record_id TEXT NOT NULL,
  registration_date TEXT NOT NULL,
  registration_year INTEGER NOT NULL,
  birth_year INTEGER,
  age INTEGER,
  minor INTEGER,
  gender TEXT NOT NULL,
  nationality TEXT NOT NULL,
  exploitation_forms TEXT NOT NULL,
  sector TEXT NOT NULL,
  domestic TEXT NOT NULL,
  unaccompanied_minor INTEGER,
  municipality TEXT,
  region TEXT,
  given_name_tokens BLOB,
  family_name_tokens BLOB,
  full_name_hash BLOB,
  dob_hash BLOB,
  dob_swapped_hash BLOB,
  personal_id_hash BLOB,
  phone_hash BLOB,
  email_hash BLOB,
  given_name_bloom BLOB,
  family_name_bloom BLOB
)sql";

const std::string kRecordColumns = std::string(kRecordColumnsV1) +
                                   ", dob_month_day_hash BLOB, dob_year_month_hash BLOB, "
                                   "dob_year_day_hash BLOB, given_name_variants BLOB";

const char* const kRecordColumnNames =
    "source, source_record_id, registration_date, registration_year, birth_year, age, minor, "
    "gender, nationality, exploitation_forms, sector, domestic, unaccompanied_minor, "
    "municipality, region, given_name_tokens, family_name_tokens, full_name_hash, dob_hash, "
    "dob_swapped_hash, personal_id_hash, phone_hash, email_hash, given_name_bloom, "
    "family_name_bloom, dob_month_day_hash, dob_year_month_hash, dob_year_day_hash, "
    "given_name_variants";

const std::vector<std::string>& Migrations() {
  static const std::vector<std::string> kMigrations = {
      // 0 -> 1: the first schema.
      std::string(R"sql(
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE sources (name TEXT PRIMARY KEY, kind TEXT NOT NULL DEFAULT '');
CREATE TABLE ingests (
  ingest_id INTEGER PRIMARY KEY,
  source TEXT NOT NULL REFERENCES sources(name),
  file_name TEXT NOT NULL,
  content_sha256 TEXT NOT NULL,
  mapping_sha256 TEXT NOT NULL,
  rows_read INTEGER NOT NULL,
  rows_written INTEGER NOT NULL,
  rows_rejected INTEGER NOT NULL,
  year_min INTEGER NOT NULL,
  year_max INTEGER NOT NULL,
  status TEXT NOT NULL,
  loaded_at TEXT NOT NULL
);
CREATE INDEX ingests_by_source ON ingests(source, status);
CREATE TABLE ingest_rejects (
  ingest_id INTEGER NOT NULL REFERENCES ingests(ingest_id),
  row INTEGER NOT NULL,
  column_name TEXT NOT NULL,
  rule TEXT NOT NULL
);
CREATE INDEX rejects_by_ingest ON ingest_rejects(ingest_id);
CREATE TABLE records (
  record_id INTEGER PRIMARY KEY,
  ingest_id INTEGER NOT NULL REFERENCES ingests(ingest_id),
  person_id INTEGER,
)sql") + kRecordColumnsV1 +
          R"sql();
CREATE UNIQUE INDEX records_by_source_id ON records(source, source_record_id);
CREATE INDEX records_by_ingest ON records(ingest_id);
)sql",
      // 1 -> 2: linkage. Person ids live in a narrow table of their own (records.person_id
      // stays unused): a relinking rewrites every person id, and rewriting the wide record
      // rows with their Bloom filters would cost the whole table again in the WAL. Pairs
      // refer to records by id; a retired ingest takes its pairs and persons along.
      R"sql(
CREATE TABLE link_pairs (
  record_a INTEGER NOT NULL,
  record_b INTEGER NOT NULL,
  weight REAL NOT NULL,
  probability REAL NOT NULL,
  PRIMARY KEY (record_a, record_b)
) WITHOUT ROWID;
CREATE INDEX link_pairs_by_b ON link_pairs(record_b);
CREATE TABLE record_persons (
  record_id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL
);
CREATE INDEX record_persons_by_person ON record_persons(person_id);
ALTER TABLE records ADD COLUMN dob_month_day_hash BLOB;
ALTER TABLE records ADD COLUMN dob_year_month_hash BLOB;
ALTER TABLE records ADD COLUMN dob_year_day_hash BLOB;
)sql",
      // 2 -> 3: the keyed hashes of the given name's variant groups (16 bytes each,
      // concatenated). Records stored before stay NULL and read as having no variants: their
      // clear names are gone, so only a new ingest of them can add the hashes.
      R"sql(
ALTER TABLE records ADD COLUMN given_name_variants BLOB;
)sql",
      // 3 -> 4: clerical review. Labels are keyed by the records' sources and their own ids,
      // not by record_id, which a re-ingest renews: a label outlives the records it names
      // and applies again when they come back. No identifier is stored, only ids.
      R"sql(
CREATE TABLE review_imports (
  import_id INTEGER PRIMARY KEY,
  file_name TEXT NOT NULL,
  content_sha256 TEXT NOT NULL,
  rows INTEGER NOT NULL,
  labels_written INTEGER NOT NULL,
  imported_at TEXT NOT NULL
);
CREATE INDEX review_imports_by_sha ON review_imports(content_sha256);
CREATE TABLE review_labels (
  source_a TEXT NOT NULL,
  record_id_a TEXT NOT NULL,
  source_b TEXT NOT NULL,
  record_id_b TEXT NOT NULL,
  decision TEXT NOT NULL CHECK (decision IN ('match', 'non-match', 'unsure')),
  sample TEXT NOT NULL,
  stratum TEXT NOT NULL,
  stratum_pairs INTEGER NOT NULL,
  inclusion_probability REAL NOT NULL,
  model_linked INTEGER,
  import_id INTEGER NOT NULL REFERENCES review_imports(import_id),
  labelled_at TEXT NOT NULL,
  PRIMARY KEY (source_a, record_id_a, source_b, record_id_b)
) WITHOUT ROWID;
)sql",
  };
  return kMigrations;
}

std::vector<std::string> TablesOfVersion(int version) {
  std::vector<std::string> tables = {"schema_version"};
  if (version >= 1) {
    tables.insert(tables.end(), {"meta", "sources", "ingests", "ingest_rejects", "records"});
  }
  if (version >= 2) tables.insert(tables.end(), {"link_pairs", "record_persons"});
  if (version >= 4) tables.insert(tables.end(), {"review_imports", "review_labels"});
  return tables;
}

}  // namespace zicht::store::sqlite
