#include "core/common/atomic_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <random>
#include <string>

#include "core/common/error.h"

namespace unclip {
namespace fs = std::filesystem;

namespace {

std::string quoted(const fs::path& p) { return "'" + p.string() + "'"; }

std::string randomSuffix() {
    std::random_device rd;
    return std::to_string(rd()) + std::to_string(rd());
}

void syncFolder(const fs::path& folder) {
    const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return;  // best effort: some file systems refuse to open folders
    ::fsync(fd);
    ::close(fd);
}

}  // namespace

void writeFileAtomic(const fs::path& path, const std::vector<uint8_t>& bytes) {
    if (!path.has_filename()) throw Error("cannot write " + quoted(path) + ": it names no file");
    const fs::path folder = path.has_parent_path() ? path.parent_path() : fs::path(".");
    std::error_code ec;
    if (!fs::is_directory(folder, ec))
        throw Error("cannot write " + quoted(path) + ": the folder " + quoted(folder) +
                    " does not exist; create it or choose another output folder");

    // Same folder, so the rename stays on one file system and is atomic.
    const fs::path temp = folder / ("." + path.filename().string() + ".tmp-" + randomSuffix());
    const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0)
        throw Error("cannot write " + quoted(path) + ": cannot create a file in " + quoted(folder) +
                    " (" + std::strerror(errno) + "); choose a folder you may write to");
    auto failWith = [&](const std::string& why) {
        ::close(fd);
        std::error_code ignored;
        fs::remove(temp, ignored);
        throw Error("cannot write " + quoted(path) + ": " + why);
    };
    size_t written = 0;
    while (written < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0)
            failWith(std::string("writing failed (") + std::strerror(errno) +
                     "; is the disk full?)");
        written += size_t(n);
    }
    if (::fsync(fd) != 0)
        failWith(std::string("flushing to disk failed (") + std::strerror(errno) + ")");
    if (::close(fd) != 0) {
        std::error_code ignored;
        fs::remove(temp, ignored);
        throw Error("cannot write " + quoted(path) + ": closing failed (" + std::strerror(errno) +
                    ")");
    }
    fs::rename(temp, path, ec);
    if (ec) {
        std::error_code ignored;
        fs::remove(temp, ignored);
        throw Error("cannot write " + quoted(path) + ": " + ec.message());
    }
    syncFolder(folder);
}

}  // namespace unclip
