#include "zicht/core/status.hpp"

namespace zicht {

int Status::ExitCode() const {
  switch (code_) {
    case StatusCode::kOk:
      return 0;
    case StatusCode::kInvalidArgument:
      return 64;  // EX_USAGE
    case StatusCode::kInvalidData:
      return 65;  // EX_DATAERR
    case StatusCode::kNotFound:
      return 66;  // EX_NOINPUT
    case StatusCode::kAlreadyExists:
      return 73;  // EX_CANTCREAT
    case StatusCode::kIoError:
      return 74;  // EX_IOERR
    case StatusCode::kConfigError:
      return 78;  // EX_CONFIG
    case StatusCode::kFailedPrecondition:
      return 69;  // EX_UNAVAILABLE
    case StatusCode::kInternal:
      return 70;  // EX_SOFTWARE
    case StatusCode::kBusy:
      return 75;  // EX_TEMPFAIL: try again later
    case StatusCode::kNotAStore:
      return 79;  // zicht's own: sysexits has no status for "not this program's file"
    case StatusCode::kDamaged:
      return 80;  // zicht's own: a corrupted store, restore it from a backup
  }
  return 70;
}

}  // namespace zicht
