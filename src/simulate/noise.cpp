#include "simulate/noise.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "simulate/name_pools.hpp"

namespace zicht::simulate {

namespace {

// Letters next to each letter on a QWERTY keyboard, where most typing slips land.
constexpr std::array<const char*, 26> kNeighbours = {
    "qwsz",   "vghn",  "xdfv", "serfcx", "wsdr", "drtgvc", "ftyhbv", "gyujnb", "ujko",
    "huikmn", "jiolm", "kop",  "njk",    "bhjm", "iklp",   "ol",     "wa",     "edft",
    "awedxz", "rfgy",  "yhji", "cfgb",   "qase", "zsdc",   "tghu",   "asx"};

std::string NeighbourOf(const std::string& cp, Rng& rng) {
  if (cp.size() == 1 && std::isalpha(static_cast<unsigned char>(cp[0]))) {
    const bool upper = std::isupper(static_cast<unsigned char>(cp[0]));
    const char lower = static_cast<char>(std::tolower(static_cast<unsigned char>(cp[0])));
    const std::string_view options = kNeighbours[static_cast<std::size_t>(lower - 'a')];
    const char pick = options[rng.Below(options.size())];
    return std::string(1, upper ? static_cast<char>(std::toupper(pick)) : pick);
  }
  return std::string(1, static_cast<char>('a' + rng.Below(26)));
}

std::string Join(const std::vector<std::string>& cps) {
  std::string out;
  for (const std::string& cp : cps) out += cp;
  return out;
}

}  // namespace

std::string Typo(const std::string& name, Rng& rng) {
  std::vector<std::string> cps = SplitCodePoints(name);
  if (cps.size() < 2) return name;
  const std::size_t n = cps.size();
  switch (rng.Below(4)) {
    case 0: {  // substitution
      const std::size_t i = rng.Below(n);
      if (cps[i] == " " || cps[i] == "-") return name;
      std::string replacement = NeighbourOf(cps[i], rng);
      if (i == 0)
        replacement[0] =
            static_cast<char>(std::toupper(static_cast<unsigned char>(replacement[0])));
      cps[i] = replacement;
      break;
    }
    case 1: {  // insertion after position i (never at the start)
      const std::size_t i = rng.Below(n);
      std::string letter = NeighbourOf(cps[i], rng);
      letter[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(letter[0])));
      cps.insert(cps.begin() + static_cast<std::ptrdiff_t>(i) + 1, letter);
      break;
    }
    case 2: {  // deletion, keeping at least two letters and never leaving an edge space
      if (n < 3) return name;
      const std::size_t i = rng.Below(n);
      if (cps[i] == " " || cps[i] == "-") return name;
      cps.erase(cps.begin() + static_cast<std::ptrdiff_t>(i));
      break;
    }
    default: {  // transposition of neighbours inside the name
      const std::size_t i = 1 + rng.Below(n - 1);
      if (cps[i] == " " || cps[i - 1] == " " || cps[i] == "-" || cps[i - 1] == "-") return name;
      if (i == 1) {
        // Keep the capital first: swap the case along with the letters.
        std::swap(cps[0], cps[1]);
        if (cps[0].size() == 1 && cps[1].size() == 1) {
          cps[0][0] = static_cast<char>(std::toupper(static_cast<unsigned char>(cps[0][0])));
          cps[1][0] = static_cast<char>(std::tolower(static_cast<unsigned char>(cps[1][0])));
        }
      } else {
        std::swap(cps[i - 1], cps[i]);
      }
      break;
    }
  }
  std::string out = Join(cps);
  if (out.empty() || out.front() == ' ' || out.back() == ' ') return name;
  return out;
}

Date WithDateError(const Date& birth, DateError error, const Date& not_after, Rng& rng) {
  Date wrong = birth;
  switch (error) {
    case DateError::kDayMonthSwap:
      if (birth.day > 12 || birth.day == birth.month) return birth;
      wrong = Date{birth.year, birth.day, birth.month};
      break;
    case DateError::kWrongYear: {
      static constexpr int kOffsets[] = {-1, 1, -1, 1, -2, 2, -10, 10};
      wrong.year += kOffsets[rng.Below(std::size(kOffsets))];
      break;
    }
    case DateError::kJanuaryFirst:
      wrong = Date{birth.year, 1, 1};
      break;
  }
  if (!wrong.IsValid() || not_after < wrong) return birth;
  return wrong;
}

NoisyRecord MakeNoisyRecord(const Person& person, const NoiseParameters& noise,
                            const Date& registration, Rng& rng) {
  const NamePools& pools = NamePools::Get();
  const Country& country = pools.countries()[person.country];
  const bool female = person.gender == Gender::kFemale;
  NoisyRecord r;
  r.given_name = GivenNameOf(person);
  r.family_name = pools.FamilyNameFor(person.country, person.family_name, female);

  if (rng.Bernoulli(noise.nickname)) {
    if (auto nick = pools.NicknameOf(r.given_name, rng)) r.given_name = *nick;
  }
  if (country.code != "NL") {
    if (rng.Bernoulli(noise.transliteration)) {
      if (auto v = pools.TransliterationOf(r.given_name, rng)) r.given_name = *v;
    }
    if (rng.Bernoulli(noise.transliteration)) {
      if (auto v = pools.TransliterationOf(r.family_name, rng)) r.family_name = *v;
    }
  }
  if (rng.Bernoulli(noise.typo)) r.given_name = Typo(r.given_name, rng);
  if (rng.Bernoulli(noise.typo)) r.family_name = Typo(r.family_name, rng);
  if (rng.Bernoulli(noise.swap_names)) std::swap(r.given_name, r.family_name);
  if (rng.Bernoulli(noise.missing_given)) r.given_name.clear();
  if (rng.Bernoulli(noise.missing_family)) r.family_name.clear();

  Date birth = person.date_of_birth;
  const double u = rng.Uniform();
  if (u < noise.dob_day_month_swap) {
    birth = WithDateError(birth, DateError::kDayMonthSwap, registration, rng);
  } else if (u < noise.dob_day_month_swap + noise.dob_wrong_year) {
    birth = WithDateError(birth, DateError::kWrongYear, registration, rng);
  } else if (u < noise.dob_day_month_swap + noise.dob_wrong_year + noise.dob_january_first) {
    birth = WithDateError(birth, DateError::kJanuaryFirst, registration, rng);
  }
  if (!rng.Bernoulli(noise.missing_dob)) r.date_of_birth = birth;

  r.age = AgeInYears(person.date_of_birth, registration);
  if (rng.Bernoulli(noise.age_error)) {
    static constexpr int kOffsets[] = {-1, 1, -2, 2};
    r.age = std::clamp(r.age + kOffsets[rng.Below(4)], 0, 100);
  }
  r.personal_id = rng.Bernoulli(noise.personal_id);
  r.gender_known = !rng.Bernoulli(noise.missing_category);
  r.nationality_known = !rng.Bernoulli(noise.missing_category);
  r.forms_known = !rng.Bernoulli(noise.missing_category);
  r.sector_known = !rng.Bernoulli(noise.missing_category);
  r.domestic_known = !rng.Bernoulli(noise.missing_category);
  return r;
}

}  // namespace zicht::simulate
