#include "zicht/ingest/content_hash.hpp"

#include <fmt/format.h>
#include <openssl/evp.h>
#include <sys/stat.h>

#include <fstream>
#include <streambuf>
#include <vector>

#include "zicht/ingest/ingest.hpp"

namespace zicht::ingest {

namespace {

using DigestContext = std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)>;

std::string Hex(const unsigned char* bytes, unsigned int length) {
  std::string hex;
  hex.reserve(length * 2);
  for (unsigned int i = 0; i < length; ++i) hex += fmt::format("{:02x}", bytes[i]);
  return hex;
}

// A read-only stream buffer over another one that feeds every byte it hands out to SHA-256.
// Bytes reach the reader only through underflow(), so each is hashed exactly once.
class HashingBuffer : public std::streambuf {
 public:
  explicit HashingBuffer(std::streambuf& source)
      : source_(source), context_(EVP_MD_CTX_new(), EVP_MD_CTX_free), buffer_(1 << 16) {
    ready_ = context_ && EVP_DigestInit_ex(context_.get(), EVP_sha256(), nullptr) == 1;
  }

  bool ready() const { return ready_; }

  Result<std::string> Finish(const std::string& name) {
    while (underflow() != traits_type::eof()) setg(eback(), egptr(), egptr());
    if (failed_) return Status::IoError(fmt::format("{}: read error", name));
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_DigestFinal_ex(context_.get(), digest, &length);
    return Hex(digest, length);
  }

 protected:
  int_type underflow() override {
    if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
    std::streamsize got = 0;
    try {
      got = source_.sgetn(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
    } catch (...) {
      failed_ = true;
      return traits_type::eof();
    }
    if (got <= 0) return traits_type::eof();
    EVP_DigestUpdate(context_.get(), buffer_.data(), static_cast<size_t>(got));
    setg(buffer_.data(), buffer_.data(), buffer_.data() + got);
    return traits_type::to_int_type(*gptr());
  }

 private:
  std::streambuf& source_;
  DigestContext context_;
  std::vector<char> buffer_;
  bool ready_ = false;
  bool failed_ = false;
};

}  // namespace

struct HashedInput::Impl {
  std::string name;
  std::filebuf file;
  std::optional<std::uint64_t> size;
  std::unique_ptr<HashingBuffer> hashing;
  std::unique_ptr<std::istream> stream;
};

HashedInput::HashedInput() : impl_(std::make_unique<Impl>()) {}
HashedInput::~HashedInput() = default;

Result<std::unique_ptr<HashedInput>> HashedInput::Open(const std::filesystem::path& path) {
  std::unique_ptr<HashedInput> input(new HashedInput());
  Impl& impl = *input->impl_;
  const bool standard_input = path == kStandardInputArgument;
  impl.name = standard_input ? kStandardInputName : path.string();
  // Standard input through its file, so that the same buffered reads serve every kind.
  const std::string opened = standard_input ? "/dev/stdin" : path.string();
  if (!impl.file.open(opened, std::ios::in | std::ios::binary)) {
    return Status::NotFound(fmt::format("{}: cannot open the file", impl.name));
  }
  struct stat info {};
  if (::stat(opened.c_str(), &info) == 0 && S_ISREG(info.st_mode)) {
    impl.size = static_cast<std::uint64_t>(info.st_size);
  }
  impl.hashing = std::make_unique<HashingBuffer>(impl.file);
  if (!impl.hashing->ready()) return Status::Internal("SHA-256 is not available");
  impl.stream = std::make_unique<std::istream>(impl.hashing.get());
  return input;
}

std::istream& HashedInput::stream() {
  return *impl_->stream;
}
const std::string& HashedInput::name() const {
  return impl_->name;
}
std::optional<std::uint64_t> HashedInput::size() const {
  return impl_->size;
}
Result<std::string> HashedInput::FinishSha256() {
  return impl_->hashing->Finish(impl_->name);
}

Result<std::string> Sha256OfFile(const std::filesystem::path& path) {
  auto input = HashedInput::Open(path);
  if (!input.ok()) return input.status();
  return (*input)->FinishSha256();
}

}  // namespace zicht::ingest
