// Calendar dates without time zones: parsing with a strftime-like format, validity,
// day arithmetic and age in completed years.
//
// Thread safety: pure functions and values.
#pragma once

#include <compare>
#include <optional>
#include <string>
#include <string_view>

#include "zicht/core/status.hpp"

namespace zicht {

struct Date {
  int year = 0;
  int month = 0;  // 1..12
  int day = 0;    // 1..31

  auto operator<=>(const Date&) const = default;

  // Days since 1970-01-01 (negative before), proleptic Gregorian calendar.
  long DaysSinceEpoch() const;
  static Date FromDaysSinceEpoch(long days);

  // "YYYY-MM-DD".
  std::string ToIso() const;

  // Whether year/month/day name a day that exists (29 February only in leap years).
  bool IsValid() const;
};

bool IsLeapYear(int year);
int DaysInMonth(int year, int month);

// Parses `text` with `format`, in which %Y is a four-digit year, %y a two-digit year
// (00-68 -> 2000s, 69-99 -> 1900s, as POSIX strptime), %m a month of one or two digits,
// %d a day of one or two digits, %% a percent sign, and every other character must
// match itself. The whole text must be consumed.
//
// Errors: InvalidData with a message that names the rule ("does not match the date
// format %d-%m-%Y", "is not a day of the calendar") and never repeats the text, since a
// date may be a date of birth.
Result<Date> ParseDate(std::string_view text, std::string_view format = "%Y-%m-%d");

// Checks that a format uses only the directives ParseDate understands.
Status ValidateDateFormat(std::string_view format);

// Completed years of age on `on` of someone born on `birth`; negative if `on` < `birth`.
int AgeInYears(const Date& birth, const Date& on);

// Today's date in UTC, unless the environment variable ZICHT_TODAY holds an ISO date
// (tests and reproducible runs pin it that way).
Date Today();

}  // namespace zicht
