#include "zicht/simulate/simulate.hpp"

#include <fmt/format.h>

#include <chrono>
#include <fstream>

#include "simulate/capture.hpp"
#include "simulate/csv_writer.hpp"
#include "simulate/layouts.hpp"
#include "simulate/name_pools.hpp"
#include "simulate/noise.hpp"
#include "simulate/population.hpp"
#include "simulate/world_json.hpp"
#include "zicht/simulate/distributions.hpp"
#include "zicht/simulate/scenarios.hpp"

namespace zicht::simulate {

namespace fs = std::filesystem;

namespace {

double Share(std::int64_t part, std::int64_t whole) {
  return whole > 0 ? static_cast<double>(part) / static_cast<double>(whole) : 0.0;
}

constexpr std::string_view kTruthHeader[] = {"source",
                                             "source_record_id",
                                             "entity_id",
                                             "year",
                                             "registration_date",
                                             "first_year",
                                             "gender",
                                             "nationality",
                                             "domestic",
                                             "exploitation_form",
                                             "sector",
                                             "visibility",
                                             "date_of_birth",
                                             "age_at_registration",
                                             "minor",
                                             "under_15",
                                             "unaccompanied_minor",
                                             "latent_class"};

std::string_view Bool(bool value) {
  return value ? "true" : "false";
}

// Everything one source needs while its rows are written.
struct SourceOutput {
  const SourceParameters* parameters = nullptr;
  Layout layout;
  CsvWriter writer;
  std::uint64_t counter = 0;
  std::vector<std::string> cells;
};

class WorldWriter {
 public:
  WorldWriter(const WorldParameters& world, const SimulationOptions& options)
      : world_(world), options_(options), model_(world) {}

  Status Open(const fs::path& out_dir, SimulationSummary& summary) {
    sources_.reserve(world_.sources.size());
    for (const SourceParameters& s : world_.sources) {
      sources_.push_back(std::make_unique<SourceOutput>());
      SourceOutput& out = *sources_.back();
      out.parameters = &s;
      out.layout = LayoutFor(s.name);
      ZICHT_RETURN_IF_ERROR(out.writer.Open(out_dir / (s.name + ".csv"), out.layout.delimiter));
      std::vector<std::string_view> header;
      for (const LayoutColumn& c : out.layout.columns) header.push_back(c.header);
      out.writer.Row(header);
      out.cells.resize(out.layout.columns.size());
      std::ofstream mapping(out_dir / (s.name + ".toml"), std::ios::binary);
      mapping << MappingToml(out.layout);
      if (!mapping) return Status::IoError(fmt::format("cannot write {}.toml", s.name));
      summary.files.push_back(s.name + ".csv");
      summary.files.push_back(s.name + ".toml");
    }
    ZICHT_RETURN_IF_ERROR(truth_.Open(out_dir / "truth.csv", ','));
    truth_.Row({std::begin(kTruthHeader), std::end(kTruthHeader)});
    summary.files.push_back("truth.csv");
    return Status::Ok();
  }

  Status Run(SimulationSummary& summary) {
    Population population(world_.population, options_.seed, options_.scale);
    const int years = options_.last_year - options_.first_year + 1;
    for (int year = options_.first_year; year <= options_.last_year; ++year) {
      population.AdvanceTo(year);
      YearSummary ys = SimulateYear(population, year, year - options_.first_year, years);
      if (!ys.calibrated) {
        summary.warnings.push_back(fmt::format(
            "{}: the capture model could not reach every registered target (the population is "
            "too small or a target is out of reach); the nearest shifts were used",
            year));
      }
      summary.records += ys.records;
      summary.years.push_back(std::move(ys));
    }
    summary.persons = static_cast<std::int64_t>(years_registered_.size());
    for (std::uint8_t count : years_registered_) {
      if (count > 0) ++summary.registered_persons;
      if (count > 1) ++summary.registered_in_several_years;
    }
    for (auto& out : sources_) ZICHT_RETURN_IF_ERROR(out->writer.Close());
    return truth_.Close();
  }

 private:
  YearSummary SimulateYear(const Population& population, int year, int year_index, int years) {
    YearSummary ys;
    ys.year = year;
    const YearTarget& target = TargetFor(world_.population, year);
    const YearShifts shifts = model_.Calibrate(target, population.persons(), year);
    ys.shift_overall = shifts.overall;
    ys.shift_minor = shifts.minor;
    ys.shift_visible = shifts.visible;
    ys.calibrated = shifts.converged;
    ys.true_new = static_cast<std::int64_t>(population.new_count());
    for (const auto& out : sources_) {
      ys.persons_by_source[out->parameters->name] = 0;
      ys.records_by_source[out->parameters->name] = 0;
    }

    const auto& persons = population.persons();
    const std::uint64_t last_id = persons.empty() ? 0 : persons.back().entity_id;
    if (years_registered_.size() < last_id) years_registered_.resize(last_id, 0);
    for (std::size_t i = 0; i < persons.size(); ++i) {
      const Person& person = persons[i];
      const Covariates c = CovariatesOf(person, year);
      ++ys.true_total;
      ys.true_domestic += c.domestic;
      ys.true_minors += c.minor;
      ys.true_domestic_minors += c.minor && c.domestic;
      ys.true_under15 += c.under15;
      ys.true_sexual += (c.forms & kSexual) != 0;
      ys.true_less_visible += c.visibility == 2;

      Rng rng = Rng::Stream(options_.seed,
                            {kStreamCapture, person.entity_id, static_cast<std::uint64_t>(year)});
      const std::uint32_t seen = model_.Draw(c, shifts, rng);
      if (seen != 0) {
        ++ys.registered;
        ys.registered_domestic += c.domestic;
        ys.registered_minors += c.minor;
        ys.registered_sexual += (c.forms & kSexual) != 0;
        ys.registered_less_visible += c.visibility == 2;
        std::uint8_t& count = years_registered_[person.entity_id - 1];
        if (count < 255) ++count;
        for (std::size_t s = 0; s < sources_.size(); ++s) {
          if (seen & (1u << s)) WriteRecords(person, year, s, ys);
        }
      }
      if (options_.progress && (i & 0xFFFF) == 0xFFFF) {
        options_.progress({year, (year_index + static_cast<double>(i) / persons.size()) / years,
                           records_written_});
      }
    }
    if (options_.progress) {
      options_.progress({year, static_cast<double>(year_index + 1) / years, records_written_});
    }
    return ys;
  }

  void WriteRecords(const Person& person, int year, std::size_t s, YearSummary& ys) {
    SourceOutput& out = *sources_[s];
    const NoiseParameters& noise = out.parameters->noise;
    Rng rng = Rng::Stream(options_.seed,
                          {kStreamRecord, person.entity_id, static_cast<std::uint64_t>(year), s});
    const std::int64_t count = 1 + Geometric(rng, 1.0 - noise.duplicate);
    const long first_day = Date{year, 1, 1}.DaysSinceEpoch();
    const long last_day = Date{year, 12, 31}.DaysSinceEpoch();
    const long day0 =
        first_day +
        static_cast<long>(rng.Below(static_cast<std::uint64_t>(last_day - first_day + 1)));
    ++ys.persons_by_source[out.parameters->name];
    for (std::int64_t k = 0; k < count; ++k) {
      const long day = k == 0 ? day0 : std::min(last_day, day0 + static_cast<long>(rng.Below(120)));
      const Date registration = Date::FromDaysSinceEpoch(day);
      const NoisyRecord r = MakeNoisyRecord(person, noise, registration, rng);
      WriteRow(out, person, year, registration, r);
      ++ys.records;
      ++ys.records_by_source[out.parameters->name];
      ++records_written_;
    }
  }

  void WriteRow(SourceOutput& out, const Person& person, int year, const Date& registration,
                const NoisyRecord& r) {
    const Layout& layout = out.layout;
    const std::string& missing = layout.missing;
    const std::string id = layout.RecordId(year, ++out.counter);
    const int true_age = AgeInYears(person.date_of_birth, registration);
    // Minor as the record itself shows it, so that a flag agrees with the record's date.
    const int record_age = r.date_of_birth ? AgeInYears(*r.date_of_birth, registration) : true_age;
    const std::string forms_canonical = [&] {
      std::string joined;
      for (std::string_view f : FormNames(person.forms)) {
        if (!joined.empty()) joined += '|';
        joined += f;
      }
      return joined;
    }();
    for (std::size_t i = 0; i < layout.columns.size(); ++i) {
      std::string& cell = out.cells[i];
      const Field field = layout.columns[i].field;
      switch (field) {
        case Field::kSourceRecordId:
          cell = id;
          break;
        case Field::kRegistrationDate:
          cell = layout.FormatDate(field, registration);
          break;
        case Field::kGivenName:
          cell = r.given_name.empty() ? missing : r.given_name;
          break;
        case Field::kFamilyName:
          cell = r.family_name.empty() ? missing : r.family_name;
          break;
        case Field::kDateOfBirth:
          cell = r.date_of_birth ? layout.FormatDate(field, *r.date_of_birth) : missing;
          break;
        case Field::kAgeAtRegistration:
          cell = fmt::format_int(r.age).str();
          break;
        case Field::kMinor:
          cell = layout.Label(field, std::string(Bool(r.age < 18)));
          break;
        case Field::kGender:
          cell =
              r.gender_known
                  ? layout.Label(field, std::string(kGenderNames[static_cast<int>(person.gender)]))
                  : missing;
          break;
        case Field::kNationality:
          cell = r.nationality_known ? layout.Nationality(person.country) : missing;
          break;
        case Field::kPersonalId:
          cell = r.personal_id ? fmt::format_int(person.personal_id).str() : missing;
          break;
        case Field::kExploitationForm:
          if (!r.forms_known) {
            cell = missing;
          } else {
            cell.clear();
            for (std::string_view f : FormNames(person.forms)) {
              if (!cell.empty()) cell += layout.list_separator;
              cell += layout.Label(field, std::string(f));
            }
          }
          break;
        case Field::kSector:
          cell = person.sector != kNoSector && r.sector_known
                     ? layout.Label(field, std::string(kSectors[person.sector]))
                     : missing;
          break;
        case Field::kDomestic:
          cell = r.domestic_known
                     ? layout.Label(field, person.domestic ? "domestic" : "cross_border")
                     : missing;
          break;
        case Field::kUnaccompaniedMinor:
          cell = layout.Label(field, std::string(Bool(person.unaccompanied && record_age < 18)));
          break;
        default:
          cell = missing;
          break;
      }
    }
    std::vector<std::string_view> views(out.cells.begin(), out.cells.end());
    out.writer.Row(views);

    const std::string entity = fmt::format_int(person.entity_id).str();
    const std::string year_text = fmt::format_int(year).str();
    const std::string first_year = fmt::format_int(person.first_year).str();
    const std::string age = fmt::format_int(true_age).str();
    const std::string latent = fmt::format_int(person.latent_class).str();
    const std::string sector =
        person.sector == kNoSector ? std::string() : std::string(kSectors[person.sector]);
    const std::string_view visibility = person.sector == kNoSector       ? ""
                                        : IsVisibleSector(person.sector) ? "visible"
                                                                         : "less_visible";
    truth_.Row({out.parameters->name, id, entity, year_text, registration.ToIso(), first_year,
                kGenderNames[static_cast<int>(person.gender)],
                NamePools::Get().countries()[person.country].code,
                person.domestic ? "domestic" : "cross_border", forms_canonical, sector, visibility,
                person.date_of_birth.ToIso(), age, Bool(true_age < 18), Bool(true_age < 15),
                Bool(person.unaccompanied && true_age < 18), latent});
  }

  const WorldParameters& world_;
  const SimulationOptions& options_;
  CaptureModel model_;
  std::vector<std::unique_ptr<SourceOutput>> sources_;
  CsvWriter truth_;
  std::vector<std::uint8_t> years_registered_;  // per entity id - 1
  std::uint64_t records_written_ = 0;
};

}  // namespace

Status SimulationOptions::Validate() const {
  if (first_year < 1900 || last_year > 2100 || first_year > last_year) {
    return Status::InvalidArgument(
        fmt::format("years {}-{}: need 1900 <= first <= last <= 2100", first_year, last_year));
  }
  if (last_year - first_year >= 50) return Status::InvalidArgument("at most 50 years at a time");
  if (last_year >= Today().year) {
    return Status::InvalidArgument(fmt::format(
        "years {}-{}: the last year must be over (before {}), or registrations would lie in "
        "the future",
        first_year, last_year, Today().year));
  }
  if (!(scale > 0.0 && scale <= 10000.0)) {
    return Status::InvalidArgument("scale must be above 0 and at most 10000");
  }
  if (persistence && !(*persistence >= 0.0 && *persistence <= 1.0)) {
    return Status::InvalidArgument("persistence must be between 0 and 1");
  }
  if (!(noise >= 0.0 && noise <= 10.0))
    return Status::InvalidArgument("noise must be between 0 and 10");
  if (!parameters) {
    auto preset_parameters = Preset(preset);
    if (!preset_parameters.ok()) return preset_parameters.status();
    ZICHT_RETURN_IF_ERROR(ApplyScenario(scenario, *preset_parameters));
  }
  return Status::Ok();
}

double YearSummary::RegisteredRatio() const {
  return Share(registered, true_total);
}
double YearSummary::RegisteredMinorShare() const {
  return Share(registered_minors, registered);
}
double YearSummary::RegisteredLessVisibleShare() const {
  return Share(registered_less_visible, registered_sexual);
}
double YearSummary::TrueMinorShare() const {
  return Share(true_minors, true_total);
}

std::string SimulationSummary::BriefReport() const {
  std::string out = fmt::format(
      "Simulated {} records of {} registered persons ({} of them in more than one year) out of "
      "{} victims, in {:.1f} s, into {}\n",
      records, registered_persons, registered_in_several_years, persons, seconds, out_dir.string());
  out += "year   true  registered  ratio  minors true/registered  less-visible true/registered\n";
  for (const YearSummary& y : years) {
    out += fmt::format("{}  {:5d}  {:10d}  {:5.3f}  {:12.3f} / {:5.3f}  {:16.3f} / {:5.3f}\n",
                       y.year, y.true_total, y.registered, y.RegisteredRatio(), y.TrueMinorShare(),
                       y.RegisteredMinorShare(), Share(y.true_less_visible, y.true_sexual),
                       y.RegisteredLessVisibleShare());
  }
  for (const std::string& w : warnings) out += "warning: " + w + "\n";
  return out;
}

std::string SimulationSummary::FullReport() const {
  std::string out = BriefReport();
  for (const YearSummary& y : years) {
    out += fmt::format(
        "{}: {} new victims, {} domestic ({} of them minors), {} under 15; shifts "
        "overall {:.3f}, minors {:.3f}, visible {:.3f}\n",
        y.year, y.true_new, y.true_domestic, y.true_domestic_minors, y.true_under15,
        y.shift_overall, y.shift_minor, y.shift_visible);
    for (const auto& [source, persons] : y.persons_by_source) {
      out += fmt::format("  {:20s} {:8d} persons {:8d} records\n", source, persons,
                         y.records_by_source.at(source));
    }
  }
  return out;
}

Result<SimulationSummary> SimulateWorld(const SimulationOptions& options, const fs::path& out_dir) {
  const auto start = std::chrono::steady_clock::now();
  ZICHT_RETURN_IF_ERROR(options.Validate());
  WorldParameters world;
  if (options.parameters) {
    world = *options.parameters;
  } else {
    auto preset = Preset(options.preset);
    if (!preset.ok()) return preset.status();
    world = std::move(preset).value();
    ZICHT_RETURN_IF_ERROR(ApplyScenario(options.scenario, world));
  }
  if (options.persistence) world.population.persistence = *options.persistence;
  world.ScaleNoise(options.noise);
  ZICHT_RETURN_IF_ERROR(world.Validate());

  std::error_code error;
  fs::create_directories(out_dir, error);
  if (error)
    return Status::IoError(fmt::format("cannot create {}: {}", out_dir.string(), error.message()));
  if (!options.overwrite) {
    std::vector<std::string> names = {"world.json", "truth.csv"};
    for (const SourceParameters& s : world.sources) {
      names.push_back(s.name + ".csv");
      names.push_back(s.name + ".toml");
    }
    for (const std::string& name : names) {
      if (fs::exists(out_dir / name)) {
        return Status::AlreadyExists(
            fmt::format("{} already exists; choose another folder or allow overwriting",
                        (out_dir / name).string()));
      }
    }
  }

  SimulationSummary summary;
  summary.out_dir = out_dir;
  WorldWriter writer(world, options);
  ZICHT_RETURN_IF_ERROR(writer.Open(out_dir, summary));
  ZICHT_RETURN_IF_ERROR(writer.Run(summary));

  nlohmann::ordered_json json;
  json["generator"] = "zicht simulate";
  json["options"] = {{"preset", world.preset},
                     {"scenario", world.scenario},
                     {"first_year", options.first_year},
                     {"last_year", options.last_year},
                     {"seed", options.seed},
                     {"scale", options.scale},
                     {"noise", options.noise}};
  json["parameters"] = ParametersToJson(world);
  nlohmann::ordered_json years = nlohmann::ordered_json::array();
  for (const YearSummary& y : summary.years) years.push_back(YearSummaryToJson(y));
  json["years"] = years;
  json["totals"] = {{"persons", summary.persons},
                    {"registered_persons", summary.registered_persons},
                    {"registered_in_several_years", summary.registered_in_several_years},
                    {"records", summary.records}};
  json["files"] = summary.files;
  std::ofstream out(out_dir / "world.json", std::ios::binary);
  out << json.dump(2) << '\n';
  if (!out)
    return Status::IoError(fmt::format("cannot write {}", (out_dir / "world.json").string()));
  summary.files.push_back("world.json");
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return summary;
}

}  // namespace zicht::simulate
