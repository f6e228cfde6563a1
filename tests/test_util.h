// Helpers shared by the tests: temporary directories and fixture paths.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <random>
#include <string>

namespace actorgraph::testing {

// A fresh directory under /tmp, removed when the object goes away.
class TempDir {
 public:
  TempDir() {
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() /
            ("actorgraph-test-" + std::to_string(getpid()) + "-" + std::to_string(rd()));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  std::string path() const { return path_.string(); }
  std::string operator/(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

inline std::string SourcePath(const std::string& rel) { return std::string(AG_SOURCE_DIR) + "/" + rel; }

}  // namespace actorgraph::testing
