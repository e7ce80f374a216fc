// A simulated world in a store whose linkage is the simulator's truth (each record's person
// id is its entity id), so that the monitor's tables can be checked against figures
// computed straight from truth.csv.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "zicht/ingest/ingest.hpp"
#include "zicht/ingest/init.hpp"
#include "zicht/simulate/simulate.hpp"
#include "zicht/store/store.hpp"

namespace zicht::monitor::testing {

// One row of truth.csv, by column name.
using TruthRow = std::map<std::string, std::string>;

inline std::vector<std::string> SplitComma(const std::string& line) {
  std::vector<std::string> fields;
  std::string field;
  std::istringstream in(line);
  while (std::getline(in, field, ',')) fields.push_back(field);
  if (!line.empty() && line.back() == ',') fields.emplace_back();
  return fields;
}

inline std::vector<TruthRow> ReadTruth(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  const auto header = SplitComma(line);
  std::vector<TruthRow> rows;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    const auto fields = SplitComma(line);
    TruthRow row;
    for (std::size_t i = 0; i < header.size() && i < fields.size(); ++i) row[header[i]] = fields[i];
    rows.push_back(std::move(row));
  }
  return rows;
}

struct LinkedWorld {
  std::filesystem::path world;
  std::filesystem::path db;
  std::vector<TruthRow> truth;
};

// Simulates the nl world into dir/world, ingests every source into dir/zicht.db and links
// it by the truth. Fails the calling test on any error.
inline LinkedWorld MakeLinkedWorld(const std::filesystem::path& dir, std::uint64_t seed,
                                   double scale, double noise) {
  LinkedWorld out;
  out.world = dir / "world";
  out.db = dir / "zicht.db";
  simulate::SimulationOptions options;
  options.seed = seed;
  options.scale = scale;
  options.noise = noise;
  options.overwrite = true;
  auto world = simulate::SimulateWorld(options, out.world);
  EXPECT_TRUE(world.ok()) << world.status().message();
  if (!world.ok()) return out;
  ingest::InitOptions init;
  init.db = out.db;
  init.key_file = dir / "zicht.key";
  EXPECT_TRUE(ingest::InitializeStore(init).ok());
  auto store = store::OpenSqliteStore(out.db);
  EXPECT_TRUE(store.ok());
  if (!store.ok()) return out;
  auto key = privacy::PseudonymKey::LoadFile(init.key_file);
  EXPECT_TRUE(key.ok());
  if (!key.ok()) return out;
  for (const std::string& file : world->files) {
    const std::filesystem::path path(file);
    if (path.extension() != ".csv" || path.stem() == "truth") continue;
    ingest::IngestOptions ingest_options;
    ingest_options.source = path.stem().string();
    ingest_options.mapping = out.world / (path.stem().string() + ".toml");
    auto summary = ingest::Ingest(**store, *key, Vocabulary::Default(), ingest_options,
                                  {out.world / path.filename()});
    EXPECT_TRUE(summary.ok() && summary->violations.empty()) << path;
  }
  out.truth = ReadTruth(out.world / "truth.csv");
  std::map<std::pair<std::string, std::string>, std::int64_t> entity;
  for (const TruthRow& row : out.truth) {
    entity[{row.at("source"), row.at("source_record_id")}] = std::stoll(row.at("entity_id"));
  }
  std::vector<store::PersonAssignment> persons;
  const Status visited = (*store)->ForEachRecord([&](const Record& record) {
    persons.push_back({record.record_id, entity.at({record.source, record.source_record_id})});
    return Status::Ok();
  });
  EXPECT_TRUE(visited.ok());
  EXPECT_TRUE((*store)->Begin().ok());
  EXPECT_TRUE((*store)->ReplaceLinkage(persons, {}).ok());
  EXPECT_TRUE((*store)->Commit().ok());
  return out;
}

}  // namespace zicht::monitor::testing
