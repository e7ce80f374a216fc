#include "zicht/core/date.hpp"

#include <fmt/format.h>

#include <cstdlib>
#include <ctime>

namespace zicht {

bool IsLeapYear(int year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) return 0;
  return month == 2 && IsLeapYear(year) ? 29 : kDays[month - 1];
}

bool Date::IsValid() const {
  return year >= 1 && year <= 9999 && month >= 1 && month <= 12 && day >= 1 &&
         day <= DaysInMonth(year, month);
}

// Howard Hinnant's days_from_civil / civil_from_days algorithms.
long Date::DaysSinceEpoch() const {
  const int y = year - (month <= 2 ? 1 : 0);
  const long era = (y >= 0 ? y : y - 399) / 400;
  const long yoe = y - era * 400;
  const long doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

Date Date::FromDaysSinceEpoch(long days) {
  days += 719468;
  const long era = (days >= 0 ? days : days - 146096) / 146097;
  const long doe = days - era * 146097;
  const long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const long mp = (5 * doy + 2) / 153;
  const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  const int y = static_cast<int>(yoe + era * 400 + (m <= 2 ? 1 : 0));
  return Date{y, m, d};
}

std::string Date::ToIso() const {
  return fmt::format("{:04d}-{:02d}-{:02d}", year, month, day);
}

namespace {

// Reads between min_digits and max_digits decimal digits at text[pos].
bool ReadNumber(std::string_view text, size_t& pos, int min_digits, int max_digits, int& out) {
  int value = 0;
  int digits = 0;
  while (pos < text.size() && digits < max_digits && text[pos] >= '0' && text[pos] <= '9') {
    value = value * 10 + (text[pos] - '0');
    ++pos;
    ++digits;
  }
  if (digits < min_digits) return false;
  out = value;
  return true;
}

}  // namespace

Status ValidateDateFormat(std::string_view format) {
  bool has_year = false, has_month = false, has_day = false;
  for (size_t i = 0; i < format.size(); ++i) {
    if (format[i] != '%') continue;
    if (i + 1 >= format.size()) return Status::ConfigError("date format ends with a lone %");
    const char directive = format[++i];
    switch (directive) {
      case 'Y':
      case 'y':
        has_year = true;
        break;
      case 'm':
        has_month = true;
        break;
      case 'd':
        has_day = true;
        break;
      case '%':
        break;
      default:
        return Status::ConfigError(fmt::format(
            "date format uses %{}; only %Y, %y, %m, %d and %% are understood", directive));
    }
  }
  if (!has_year || !has_month || !has_day) {
    return Status::ConfigError(fmt::format(
        "date format '{}' must contain a year (%Y or %y), a month (%m) and a day (%d)", format));
  }
  return Status::Ok();
}

Result<Date> ParseDate(std::string_view text, std::string_view format) {
  Date date;
  size_t pos = 0;
  const auto mismatch = [&] {
    return Status::InvalidData(fmt::format("does not match the date format {}", format));
  };
  for (size_t i = 0; i < format.size(); ++i) {
    if (format[i] == '%' && i + 1 < format.size() && format[i + 1] != '%') {
      const char directive = format[++i];
      bool ok = false;
      switch (directive) {
        case 'Y':
          ok = ReadNumber(text, pos, 4, 4, date.year);
          break;
        case 'y':
          ok = ReadNumber(text, pos, 2, 2, date.year);
          date.year += date.year < 69 ? 2000 : 1900;
          break;
        case 'm':
          ok = ReadNumber(text, pos, 1, 2, date.month);
          break;
        case 'd':
          ok = ReadNumber(text, pos, 1, 2, date.day);
          break;
        default:
          return mismatch();
      }
      if (!ok) return mismatch();
      continue;
    }
    if (format[i] == '%') ++i;  // "%%" matches a literal percent sign
    if (pos >= text.size() || text[pos] != format[i]) return mismatch();
    ++pos;
  }
  if (pos != text.size()) return mismatch();
  if (!date.IsValid()) return Status::InvalidData("is not a day of the calendar");
  return date;
}

int AgeInYears(const Date& birth, const Date& on) {
  int age = on.year - birth.year;
  if (on.month < birth.month || (on.month == birth.month && on.day < birth.day)) --age;
  return age;
}

Date Today() {
  if (const char* pinned = std::getenv("ZICHT_TODAY"); pinned != nullptr && *pinned != '\0') {
    if (auto parsed = ParseDate(pinned); parsed.ok()) return *parsed;
  }
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  return Date{utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday};
}

}  // namespace zicht
