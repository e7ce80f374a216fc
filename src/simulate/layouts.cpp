#include "simulate/layouts.hpp"

#include <fmt/format.h>

#include "simulate/name_pools.hpp"
#include "zicht/core/vocabulary.hpp"

namespace zicht::simulate {

namespace {

using Labels = std::map<std::string, std::string>;

Labels VocabularyLabels(Field field, bool dutch) {
  Labels out;
  for (const Category& c : Vocabulary::Default().CategoriesOf(field)) {
    if (c.name == Vocabulary::kUnknown) continue;
    out[c.name] = dutch ? c.label_nl : c.label_en;
  }
  return out;
}

Layout Police() {
  Layout l;
  l.source = "police";
  l.delimiter = ';';
  l.date_format = "%d-%m-%Y";
  l.list_separator = "+";
  l.missing = "onbekend";
  l.id_prefix = "PL";
  l.id_digits = 7;
  l.nationality_style = "name_nl";
  l.columns = {{Field::kSourceRecordId, "Registratienummer"},
               {Field::kRegistrationDate, "Datum registratie"},
               {Field::kGivenName, "Voornaam"},
               {Field::kFamilyName, "Achternaam"},
               {Field::kDateOfBirth, "Geboortedatum"},
               {Field::kGender, "Geslacht"},
               {Field::kNationality, "Nationaliteit"},
               {Field::kPersonalId, "BSN/V-nummer"},
               {Field::kExploitationForm, "Uitbuitingsvorm"},
               {Field::kSector, "Sector"},
               {Field::kDomestic, "Binnenlands/grensoverschrijdend"}};
  l.labels[Field::kGender] = {{"female", "V"}, {"male", "M"}, {"other", "X"}};
  l.labels[Field::kExploitationForm] = {{"sexual", "Seksuele uitbuiting"},
                                        {"labour", "Arbeidsuitbuiting"},
                                        {"criminal", "Criminele uitbuiting"},
                                        {"other", "Overige uitbuiting"}};
  l.labels[Field::kSector] = {{"window", "Raamprostitutie"},
                              {"brothel_club", "Club/bordeel"},
                              {"private_house", "Privéhuis"},
                              {"street", "Straat"},
                              {"home", "Thuis"},
                              {"escort_hotel", "Escort"},
                              {"massage_beauty", "Massagesalon"},
                              {"webcam_online", "Webcam/online"},
                              {"other", "Overig"}};
  l.labels[Field::kDomestic] = {{"domestic", "binnenlands"},
                                {"cross_border", "grensoverschrijdend"}};
  return l;
}

Layout BorderPolice() {
  Layout l;
  l.source = "border_police";
  l.delimiter = ',';
  l.date_format = "%Y%m%d";
  l.id_prefix = "KM-";
  l.nationality_style = "alpha3";
  l.columns = {{Field::kSourceRecordId, "Zaaknummer"},   {Field::kRegistrationDate, "Datum"},
               {Field::kGivenName, "Voornamen"},         {Field::kFamilyName, "Geslachtsnaam"},
               {Field::kDateOfBirth, "Geb.datum"},       {Field::kGender, "Geslacht"},
               {Field::kNationality, "Nationaliteit"},   {Field::kPersonalId, "V-nummer"},
               {Field::kExploitationForm, "Uitbuiting"}, {Field::kUnaccompaniedMinor, "AMV"}};
  l.labels[Field::kGender] = VocabularyLabels(Field::kGender, true);
  l.labels[Field::kExploitationForm] = {
      {"sexual", "seksueel"}, {"labour", "arbeid"}, {"criminal", "crimineel"}, {"other", "overig"}};
  l.labels[Field::kUnaccompaniedMinor] = {{"true", "ja"}, {"false", "nee"}};
  return l;
}

Layout LabourInspectorate() {
  Layout l;
  l.source = "labour_inspectorate";
  l.delimiter = ';';
  l.date_format = "%d.%m.%Y";
  l.missing = "-";
  l.id_prefix = "ISZW/";
  l.id_digits = 5;
  l.nationality_style = "name_nl";
  l.columns = {{Field::kSourceRecordId, "Dossier"},    {Field::kRegistrationDate, "Datum signaal"},
               {Field::kGivenName, "Voornaam"},        {Field::kFamilyName, "Achternaam"},
               {Field::kDateOfBirth, "Geboortedatum"}, {Field::kGender, "Geslacht"},
               {Field::kNationality, "Land"},          {Field::kPersonalId, "BSN"},
               {Field::kExploitationForm, "Vorm"},     {Field::kDomestic, "Binnenlands"}};
  l.labels[Field::kGender] = {{"female", "v"}, {"male", "m"}, {"other", "x"}};
  l.labels[Field::kExploitationForm] = {{"sexual", "seksuele uitbuiting"},
                                        {"labour", "arbeidsuitbuiting"},
                                        {"criminal", "criminele uitbuiting"},
                                        {"other", "overige uitbuiting"}};
  l.labels[Field::kDomestic] = {{"domestic", "J"}, {"cross_border", "N"}};
  return l;
}

Layout CareProvider() {
  Layout l;
  l.source = "care_provider";
  l.delimiter = ',';
  l.date_format = "%Y-%m-%d";
  l.id_prefix = "C";
  l.id_has_year = false;
  l.id_digits = 8;
  l.nationality_style = "name_en";
  l.columns = {{Field::kSourceRecordId, "client_id"}, {Field::kRegistrationDate, "intake_date"},
               {Field::kGivenName, "first_name"},     {Field::kFamilyName, "last_name"},
               {Field::kDateOfBirth, "dob"},          {Field::kGender, "sex"},
               {Field::kNationality, "nationality"},  {Field::kExploitationForm, "exploitation"},
               {Field::kSector, "setting"},           {Field::kDomestic, "trafficked_within_nl"}};
  l.labels[Field::kGender] = {{"female", "F"}, {"male", "M"}, {"other", "X"}};
  l.labels[Field::kExploitationForm] = {{"sexual", "sexual exploitation"},
                                        {"labour", "labour exploitation"},
                                        {"criminal", "criminal exploitation"},
                                        {"other", "other exploitation"}};
  l.labels[Field::kSector] = VocabularyLabels(Field::kSector, false);
  l.labels[Field::kDomestic] = {{"domestic", "yes"}, {"cross_border", "no"}};
  return l;
}

Layout ShelterReception() {
  Layout l;
  l.source = "shelter_reception";
  l.delimiter = ';';
  l.date_format = "%d-%m-%Y";
  l.date_formats[Field::kRegistrationDate] = "%d-%m-%y";
  l.missing = "onb.";
  l.id_prefix = "OPV";
  l.nationality_style = "alpha2";
  l.columns = {{Field::kSourceRecordId, "Opvangnummer"},
               {Field::kRegistrationDate, "Intakedatum"},
               {Field::kGivenName, "Voornaam"},
               {Field::kFamilyName, "Familienaam"},
               {Field::kDateOfBirth, "Geb. datum"},
               {Field::kGender, "Geslacht"},
               {Field::kNationality, "Nationaliteit"},
               {Field::kPersonalId, "V-nummer of BSN"},
               {Field::kExploitationForm, "Vorm uitbuiting"},
               {Field::kSector, "Sector"},
               {Field::kDomestic, "Binnenlands"},
               {Field::kUnaccompaniedMinor, "AMV"}};
  l.labels[Field::kGender] = {{"female", "vrouw"}, {"male", "man"}, {"other", "anders"}};
  l.labels[Field::kExploitationForm] = {
      {"sexual", "SU"}, {"labour", "AU"}, {"criminal", "CU"}, {"other", "OV"}};
  l.labels[Field::kSector] = VocabularyLabels(Field::kSector, true);
  l.labels[Field::kDomestic] = {{"domestic", "ja"}, {"cross_border", "nee"}};
  l.labels[Field::kUnaccompaniedMinor] = {{"true", "J"}, {"false", "N"}};
  return l;
}

Layout Guardianship() {
  Layout l;
  l.source = "guardianship";
  l.delimiter = ',';
  l.date_format = "%m/%d/%Y";
  l.missing = "N/A";
  l.id_prefix = "G-";
  l.id_has_year = false;
  l.id_digits = 7;
  l.nationality_style = "alpha3";
  l.columns = {{Field::kSourceRecordId, "case_ref"},
               {Field::kRegistrationDate, "date_registered"},
               {Field::kGivenName, "given_names"},
               {Field::kFamilyName, "surname"},
               {Field::kDateOfBirth, "birth_date"},
               {Field::kGender, "gender"},
               {Field::kNationality, "country_of_origin"},
               {Field::kPersonalId, "v_number"},
               {Field::kExploitationForm, "exploitation_type"},
               {Field::kUnaccompaniedMinor, "unaccompanied"}};
  l.labels[Field::kUnaccompaniedMinor] = {{"true", "Y"}, {"false", "N"}};
  return l;
}

Layout OnlineChat() {
  Layout l;
  l.source = "online_chat";
  l.delimiter = ',';
  l.date_format = "%Y-%m-%d";
  l.id_prefix = "chat-";
  l.id_has_year = false;
  l.id_digits = 8;
  l.nationality_style = "name_en";
  l.columns = {{Field::kSourceRecordId, "chat_id"},
               {Field::kRegistrationDate, "chat_date"},
               {Field::kGivenName, "first_name"},
               {Field::kFamilyName, "last_name"},
               {Field::kAgeAtRegistration, "age"},
               {Field::kMinor, "under_18"},
               {Field::kGender, "gender"},
               {Field::kNationality, "country"},
               {Field::kExploitationForm, "situation"},
               {Field::kSector, "where"}};
  l.labels[Field::kGender] = {{"female", "F"}, {"male", "M"}, {"other", "X"}};
  l.labels[Field::kMinor] = {{"true", "yes"}, {"false", "no"}};
  l.labels[Field::kExploitationForm] = {
      {"sexual", "sex"}, {"labour", "work"}, {"criminal", "crime"}, {"other", "something else"}};
  l.labels[Field::kSector] = {{"window", "window"},
                              {"brothel_club", "club"},
                              {"private_house", "private house"},
                              {"street", "street"},
                              {"home", "at home"},
                              {"escort_hotel", "escort"},
                              {"massage_beauty", "massage"},
                              {"webcam_online", "webcam"},
                              {"other", "elsewhere"}};
  return l;
}

Layout Canonical(const std::string& source) {
  Layout l;
  l.source = source;
  l.delimiter = ',';
  l.id_prefix = "R";
  l.id_has_year = false;
  l.id_digits = 7;
  l.columns = {{Field::kSourceRecordId, "record_id"},
               {Field::kRegistrationDate, "registration_date"},
               {Field::kGivenName, "given_name"},
               {Field::kFamilyName, "family_name"},
               {Field::kDateOfBirth, "date_of_birth"},
               {Field::kGender, "gender"},
               {Field::kNationality, "nationality"},
               {Field::kExploitationForm, "exploitation_form"},
               {Field::kSector, "sector"},
               {Field::kDomestic, "domestic"}};
  return l;
}

std::string TomlString(std::string_view text) {
  std::string out = "\"";
  for (char ch : text) {
    if (ch == '"' || ch == '\\') out += '\\';
    out += ch;
  }
  return out + "\"";
}

void AppendTwoDigits(std::string& out, int value) {
  out += static_cast<char>('0' + value / 10 % 10);
  out += static_cast<char>('0' + value % 10);
}

}  // namespace

bool Layout::Has(Field field) const {
  for (const LayoutColumn& c : columns) {
    if (c.field == field) return true;
  }
  return false;
}

const std::string& Layout::Label(Field field, const std::string& canonical) const {
  const auto table = labels.find(field);
  if (table == labels.end()) return canonical;
  const auto it = table->second.find(canonical);
  return it == table->second.end() ? canonical : it->second;
}

std::string FormatDate(const Date& date, std::string_view format) {
  std::string out;
  out.reserve(10);
  for (std::size_t i = 0; i < format.size(); ++i) {
    if (format[i] != '%' || i + 1 == format.size()) {
      out += format[i];
      continue;
    }
    switch (format[++i]) {
      case 'Y':
        AppendTwoDigits(out, date.year / 100);
        AppendTwoDigits(out, date.year % 100);
        break;
      case 'y':
        AppendTwoDigits(out, date.year % 100);
        break;
      case 'm':
        AppendTwoDigits(out, date.month);
        break;
      case 'd':
        AppendTwoDigits(out, date.day);
        break;
      default:
        out += format[i];
        break;
    }
  }
  return out;
}

std::string Layout::FormatDate(Field field, const Date& date) const {
  const auto it = date_formats.find(field);
  return simulate::FormatDate(date, it == date_formats.end() ? date_format : it->second);
}

std::string Layout::RecordId(int year, std::uint64_t counter) const {
  if (id_has_year) return fmt::format("{}{}-{:0{}d}", id_prefix, year, counter, id_digits);
  return fmt::format("{}{:0{}d}", id_prefix, counter, id_digits);
}

std::string Layout::Nationality(std::size_t country) const {
  const Country& c = NamePools::Get().countries()[country];
  if (nationality_style == "alpha3") return c.alpha3;
  if (nationality_style == "name_nl") return c.name_nl;
  if (nationality_style == "name_en") return c.name_en;
  return c.code;
}

Layout LayoutFor(const std::string& source) {
  if (source == "police") return Police();
  if (source == "border_police") return BorderPolice();
  if (source == "labour_inspectorate") return LabourInspectorate();
  if (source == "care_provider") return CareProvider();
  if (source == "shelter_reception") return ShelterReception();
  if (source == "guardianship") return Guardianship();
  if (source == "online_chat") return OnlineChat();
  return Canonical(source);
}

std::string MappingToml(const Layout& layout) {
  std::string out = fmt::format(
      "# {0}.toml: how `zicht ingest` reads {0}.csv (a simulated extract).\n"
      "[source]\nkind = {1}\n\n[file]\ndelimiter = {2}\ndate_format = {3}\n"
      "list_separator = {4}\nmissing = [{5}]\n\n[columns]\n",
      layout.source, TomlString(layout.source), TomlString(std::string(1, layout.delimiter)),
      TomlString(layout.date_format), TomlString(layout.list_separator),
      layout.missing.empty() ? TomlString("") : TomlString("") + ", " + TomlString(layout.missing));
  for (const LayoutColumn& c : layout.columns) {
    out += fmt::format("{} = {}\n", InfoOf(c.field).name, TomlString(c.header));
  }
  if (!layout.date_formats.empty()) {
    out += "\n[date_formats]\n";
    for (const auto& [field, format] : layout.date_formats) {
      out += fmt::format("{} = {}\n", InfoOf(field).name, TomlString(format));
    }
  }
  for (const auto& [field, table] : layout.labels) {
    if (!layout.Has(field)) continue;
    std::string section;
    for (const auto& [canonical, label] : table) {
      if (label == canonical) continue;
      section += fmt::format("{} = {}\n", TomlString(label), TomlString(canonical));
    }
    if (!section.empty()) out += fmt::format("\n[values.{}]\n{}", InfoOf(field).name, section);
  }
  if (layout.Has(Field::kNationality) && layout.nationality_style != "alpha2") {
    out += "\n[values.nationality]\n";
    for (std::size_t i = 0; i < NamePools::Get().countries().size(); ++i) {
      out += fmt::format("{} = {}\n", TomlString(layout.Nationality(i)),
                         TomlString(NamePools::Get().countries()[i].code));
    }
  }
  return out;
}

}  // namespace zicht::simulate
