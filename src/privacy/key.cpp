#include "zicht/privacy/key.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/params.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

namespace zicht::privacy {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kSalt = "zicht-v1";
constexpr std::string_view kDemoKeyPurpose = "zicht demo key, not secret, seed ";
constexpr std::string_view kKeyFileComment =
    "# zicht pseudonymisation key. Keep this file secret (mode 0600) and back it up: without "
    "it, new records can never be linked to the ones already stored.\n";
// A key file is a comment line and 64 hex digits; anything much larger is not one.
constexpr size_t kMaxKeyFileBytes = 4096;

std::string Errno(int error) {
  return std::strerror(error);
}

// Closes a file descriptor on every path out of a function.
class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  ~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  int get() const { return fd_; }
  // Closes now and reports whether the kernel accepted the close.
  bool Close() {
    const int fd = fd_;
    fd_ = -1;
    return ::close(fd) == 0;
  }

 private:
  int fd_;
};

Status FillRandom(std::span<std::uint8_t> out) {
  size_t filled = 0;
  while (filled < out.size()) {
    const ssize_t got = ::getrandom(out.data() + filled, out.size() - filled, 0);
    if (got < 0) {
      if (errno == EINTR) continue;
      return Status::IoError("the operating system gave no random bytes for a new key: " +
                             Errno(errno));
    }
    filled += static_cast<size_t>(got);
  }
  return Status::Ok();
}

Status WriteAll(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t written = ::write(fd, data.data(), data.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      return Status::IoError(Errno(errno));
    }
    data.remove_prefix(static_cast<size_t>(written));
  }
  return Status::Ok();
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string ToHex(std::span<const std::uint8_t> bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(bytes.size() * 2);
  for (std::uint8_t byte : bytes) {
    hex.push_back(kDigits[byte >> 4]);
    hex.push_back(kDigits[byte & 0x0f]);
  }
  return hex;
}

std::string_view Trim(std::string_view text) {
  constexpr std::string_view kSpace = " \t\r\n\v\f";
  const size_t first = text.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  const size_t last = text.find_last_not_of(kSpace);
  return text.substr(first, last - first + 1);
}

// Parses the key file's text: comment and blank lines, then exactly one line of 64 hex
// digits. Never quotes the text back.
bool ParseKeyText(std::string_view text, std::array<std::uint8_t, PseudonymKey::kBytes>& out) {
  bool found = false;
  while (!text.empty()) {
    const size_t end = text.find('\n');
    std::string_view line = Trim(text.substr(0, end));
    text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
    if (line.empty() || line.front() == '#') continue;
    if (found || line.size() != 2 * PseudonymKey::kBytes) return false;
    for (size_t i = 0; i < PseudonymKey::kBytes; ++i) {
      const int high = HexValue(line[2 * i]);
      const int low = HexValue(line[2 * i + 1]);
      if (high < 0 || low < 0) return false;
      out[i] = static_cast<std::uint8_t>(high << 4 | low);
    }
    found = true;
  }
  return found;
}

[[noreturn]] void CryptoFailure(const char* what) {
  // The crypto library failing on fixed, valid arguments means a broken installation;
  // nothing sensible can be encoded after that.
  std::fprintf(stderr, "zicht: OpenSSL failed in %s; check the OpenSSL 3 installation\n", what);
  std::abort();
}

}  // namespace

namespace {

// Writes a key file (comment, then the key in hex) with mode 0600, created exclusively and
// flushed to disk together with its directory entry.
Status WriteKeyFile(const fs::path& path,
                    const std::array<std::uint8_t, PseudonymKey::kBytes>& bytes,
                    std::string_view comment) {
  FileDescriptor fd(::open(path.c_str(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600));
  if (fd.get() < 0) {
    const int error = errno;
    if (error == EEXIST) {
      return Status::AlreadyExists(fmt::format(
          "a key file already exists at {}; it is never overwritten, since every record "
          "encoded with it could no longer be linked. Use it, or choose another path",
          path.string()));
    }
    return Status::IoError(
        fmt::format("cannot create the key file {}: {}", path.string(), Errno(error)));
  }
  std::string text(comment);
  text += ToHex(bytes);
  text += '\n';
  Status written = WriteAll(fd.get(), text);
  OPENSSL_cleanse(text.data(), text.size());
  if (written.ok() && ::fsync(fd.get()) != 0) written = Status::IoError(Errno(errno));
  if (written.ok() && !fd.Close()) written = Status::IoError(Errno(errno));
  if (!written.ok()) {
    ::unlink(path.c_str());
    return Status::IoError(
        fmt::format("cannot write the key file {}: {}", path.string(), written.message()));
  }
  // Make the new directory entry durable too; a key that vanishes after a crash would
  // orphan whatever was encoded with it.
  const fs::path parent = path.has_parent_path() ? path.parent_path() : fs::path(".");
  FileDescriptor dir(::open(parent.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (dir.get() >= 0) ::fsync(dir.get());
  return Status::Ok();
}

}  // namespace

Result<PseudonymKey> PseudonymKey::CreateFile(const fs::path& path) {
  std::array<std::uint8_t, kBytes> bytes{};
  ZICHT_RETURN_IF_ERROR(FillRandom(bytes));
  Status written = WriteKeyFile(path, bytes, kKeyFileComment);
  PseudonymKey key = FromBytes(bytes);
  OPENSSL_cleanse(bytes.data(), bytes.size());
  if (!written.ok()) return written;
  return key;
}

PseudonymKey PseudonymKey::ForDemo(std::uint64_t seed) {
  // HKDF under the all-zero key: anyone can compute it, which is the point of a demo key.
  return FromBytes(FromBytes({}).Derive(fmt::format("{}{}", kDemoKeyPurpose, seed)));
}

Result<PseudonymKey> PseudonymKey::CreateDemoFile(const fs::path& path, std::uint64_t seed) {
  const PseudonymKey key = ForDemo(seed);
  ZICHT_RETURN_IF_ERROR(WriteKeyFile(
      path, key.bytes_,
      fmt::format("# zicht DEMO key, derived from the public demo seed {}: NOT SECRET. Use it "
                  "for the simulated demo only, never for real records.\n",
                  seed)));
  return key;
}

Result<PseudonymKey> PseudonymKey::LoadFile(const fs::path& path) {
  FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
  if (fd.get() < 0) {
    const int error = errno;
    if (error == ENOENT) {
      return Status::NotFound(fmt::format(
          "no pseudonymisation key at {}: restore the key file from its backup, or name it "
          "with ZICHT_KEY_FILE; a new key suits only a new store, since it cannot link to "
          "records encoded with another",
          path.string()));
    }
    if (error == ELOOP) {
      return Status::ConfigError(
          fmt::format("the key file {} is a symbolic link; name the file itself", path.string()));
    }
    return Status::IoError(
        fmt::format("cannot read the key file {}: {}", path.string(), Errno(error)));
  }
  struct stat info {};
  if (::fstat(fd.get(), &info) != 0) {
    return Status::IoError(
        fmt::format("cannot read the key file {}: {}", path.string(), Errno(errno)));
  }
  if (!S_ISREG(info.st_mode)) {
    return Status::ConfigError(fmt::format("the key file {} is not a regular file", path.string()));
  }
  if ((info.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
    return Status::ConfigError(fmt::format(
        "the key file {} may be read or changed by others than its owner (mode {:03o}); "
        "restrict it with: chmod 600 {}",
        path.string(), info.st_mode & 0777, path.string()));
  }
  if (static_cast<size_t>(info.st_size) > kMaxKeyFileBytes) {
    return Status::ConfigError(fmt::format(
        "{} is not a zicht key file (too large); name the file that holds the key", path.string()));
  }
  std::string text(kMaxKeyFileBytes + 1, '\0');
  size_t length = 0;
  while (length < text.size()) {
    const ssize_t got = ::read(fd.get(), text.data() + length, text.size() - length);
    if (got < 0) {
      if (errno == EINTR) continue;
      const int error = errno;
      OPENSSL_cleanse(text.data(), text.size());
      return Status::IoError(
          fmt::format("cannot read the key file {}: {}", path.string(), Errno(error)));
    }
    if (got == 0) break;
    length += static_cast<size_t>(got);
  }
  std::array<std::uint8_t, kBytes> bytes{};
  const bool parsed =
      length <= kMaxKeyFileBytes && ParseKeyText(std::string_view(text.data(), length), bytes);
  OPENSSL_cleanse(text.data(), text.size());
  if (!parsed) {
    return Status::ConfigError(fmt::format(
        "{} is not a zicht key file: expected comment lines and one line of 64 hexadecimal "
        "digits; restore it from its backup",
        path.string()));
  }
  PseudonymKey key = FromBytes(bytes);
  OPENSSL_cleanse(bytes.data(), bytes.size());
  return key;
}

PseudonymKey PseudonymKey::FromBytes(const std::array<std::uint8_t, kBytes>& bytes) {
  PseudonymKey key;
  key.bytes_ = bytes;
  return key;
}

std::array<std::uint8_t, PseudonymKey::kBytes> PseudonymKey::Derive(
    std::string_view purpose) const {
  const auto salt = std::span(reinterpret_cast<const std::uint8_t*>(kSalt.data()), kSalt.size());
  const auto info =
      std::span(reinterpret_cast<const std::uint8_t*>(purpose.data()), purpose.size());
  auto derived = HkdfSha256(bytes_, salt, info, kBytes);
  if (!derived.ok()) CryptoFailure("HKDF");
  std::array<std::uint8_t, kBytes> out{};
  std::memcpy(out.data(), derived->data(), kBytes);
  OPENSSL_cleanse(derived->data(), derived->size());
  return out;
}

std::string PseudonymKey::Fingerprint() const {
  const auto derived = Derive("fingerprint");
  return ToHex(std::span(derived).first(8));
}

fs::path ResolveKeyFile(const fs::path& db_path, const fs::path& explicit_path) {
  if (!explicit_path.empty()) return explicit_path;
  if (const char* env = std::getenv("ZICHT_KEY_FILE"); env != nullptr && *env != '\0') {
    return fs::path(env);
  }
  fs::path key = db_path;
  if (key.extension() == ".key") return key += ".key";
  return key.replace_extension(".key");
}

// ---------------------------------------------------------------------------------------
// HMAC-SHA256 (Krawczyk, Bellare and Canetti 1997, RFC 2104) from two precomputed SHA-256
// states: H((K ^ opad) || H((K ^ ipad) || m)). Copying a state is far cheaper than keying a
// MAC context for every message.

namespace {

struct MdCtxDeleter {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};
using MdCtx = std::unique_ptr<EVP_MD_CTX, MdCtxDeleter>;

const EVP_MD* Sha256() {
  // Fetched once: an explicit fetch avoids the implicit lookup on every initialisation.
  struct Fetched {
    EVP_MD* md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    ~Fetched() { EVP_MD_free(md); }
  };
  static const Fetched fetched;
  if (fetched.md == nullptr) CryptoFailure("fetching SHA-256");
  return fetched.md;
}

// One scratch context per thread, so that Mac() is const and thread-safe without
// allocating a context per message.
EVP_MD_CTX* ScratchContext() {
  thread_local MdCtx scratch(EVP_MD_CTX_new());
  if (scratch == nullptr) CryptoFailure("EVP_MD_CTX_new");
  return scratch.get();
}

}  // namespace

struct HmacSha256::Impl {
  MdCtx inner{EVP_MD_CTX_new()};
  MdCtx outer{EVP_MD_CTX_new()};
};

HmacSha256::HmacSha256(std::span<const std::uint8_t> key) : impl_(std::make_unique<Impl>()) {
  constexpr size_t kBlock = 64;
  std::array<std::uint8_t, kBlock> block{};
  if (key.size() > kBlock) {
    unsigned int length = 0;
    if (EVP_Digest(key.data(), key.size(), block.data(), &length, Sha256(), nullptr) != 1) {
      CryptoFailure("hashing an HMAC key");
    }
  } else if (!key.empty()) {
    std::memcpy(block.data(), key.data(), key.size());
  }
  std::array<std::uint8_t, kBlock> pad{};
  for (size_t i = 0; i < kBlock; ++i) pad[i] = block[i] ^ 0x36;
  if (impl_->inner == nullptr || EVP_DigestInit_ex2(impl_->inner.get(), Sha256(), nullptr) != 1 ||
      EVP_DigestUpdate(impl_->inner.get(), pad.data(), kBlock) != 1) {
    CryptoFailure("HMAC inner state");
  }
  for (size_t i = 0; i < kBlock; ++i) pad[i] = block[i] ^ 0x5c;
  if (impl_->outer == nullptr || EVP_DigestInit_ex2(impl_->outer.get(), Sha256(), nullptr) != 1 ||
      EVP_DigestUpdate(impl_->outer.get(), pad.data(), kBlock) != 1) {
    CryptoFailure("HMAC outer state");
  }
  OPENSSL_cleanse(pad.data(), pad.size());
  OPENSSL_cleanse(block.data(), block.size());
}

HmacSha256::~HmacSha256() = default;
HmacSha256::HmacSha256(HmacSha256&&) noexcept = default;
HmacSha256& HmacSha256::operator=(HmacSha256&&) noexcept = default;

HmacSha256::Mac256 HmacSha256::Mac(std::string_view message) const {
  EVP_MD_CTX* work = ScratchContext();
  Mac256 out{};
  unsigned int length = 0;
  if (EVP_MD_CTX_copy_ex(work, impl_->inner.get()) != 1 ||
      EVP_DigestUpdate(work, message.data(), message.size()) != 1 ||
      EVP_DigestFinal_ex(work, out.data(), &length) != 1 ||
      EVP_MD_CTX_copy_ex(work, impl_->outer.get()) != 1 ||
      EVP_DigestUpdate(work, out.data(), out.size()) != 1 ||
      EVP_DigestFinal_ex(work, out.data(), &length) != 1) {
    CryptoFailure("HMAC-SHA256");
  }
  return out;
}

Result<std::vector<std::uint8_t>> HkdfSha256(std::span<const std::uint8_t> input_key,
                                             std::span<const std::uint8_t> salt,
                                             std::span<const std::uint8_t> info, size_t length) {
  constexpr size_t kMaxLength = 255 * 32;
  if (length == 0 || length > kMaxLength) {
    return Status::InvalidArgument(
        fmt::format("HKDF-SHA256 gives 1 to {} bytes, not {}", kMaxLength, length));
  }
  if (input_key.empty()) return Status::InvalidArgument("HKDF-SHA256 needs a non-empty key");
  EVP_KDF* kdf = EVP_KDF_fetch(nullptr, "HKDF", nullptr);
  if (kdf == nullptr) CryptoFailure("fetching HKDF");
  EVP_KDF_CTX* ctx = EVP_KDF_CTX_new(kdf);
  EVP_KDF_free(kdf);
  if (ctx == nullptr) CryptoFailure("EVP_KDF_CTX_new");
  // OSSL_PARAM takes non-const pointers but only reads these buffers. An empty salt or info
  // is left out: RFC 5869 then uses a salt of zeros and an empty info, as OpenSSL does.
  char digest[] = "SHA256";
  std::vector<OSSL_PARAM> params;
  params.push_back(OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, digest, 0));
  params.push_back(OSSL_PARAM_construct_octet_string(
      OSSL_KDF_PARAM_KEY, const_cast<std::uint8_t*>(input_key.data()), input_key.size()));
  if (!salt.empty()) {
    params.push_back(OSSL_PARAM_construct_octet_string(
        OSSL_KDF_PARAM_SALT, const_cast<std::uint8_t*>(salt.data()), salt.size()));
  }
  if (!info.empty()) {
    params.push_back(OSSL_PARAM_construct_octet_string(
        OSSL_KDF_PARAM_INFO, const_cast<std::uint8_t*>(info.data()), info.size()));
  }
  params.push_back(OSSL_PARAM_construct_end());
  std::vector<std::uint8_t> out(length);
  const int ok = EVP_KDF_derive(ctx, out.data(), out.size(), params.data());
  EVP_KDF_CTX_free(ctx);
  if (ok != 1) CryptoFailure("HKDF-SHA256");
  return out;
}

}  // namespace zicht::privacy
