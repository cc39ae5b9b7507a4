#include "core/image/image_io.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "core/common/atomic_file.h"
#include "core/common/error.h"
#include "core/image/image_header.h"

namespace unclip {
namespace {

namespace fs = std::filesystem;

std::string quoted(const fs::path& path) { return "'" + path.string() + "'"; }

std::string shapeOf(const torch::Tensor& t) {
    std::ostringstream os;
    os << t.sizes();
    return os.str();
}

void checkLimits(int64_t width, int64_t height, const std::string& source,
                 const ImageReadLimits& limits) {
    if (width <= limits.maxSide && height <= limits.maxSide && width * height <= limits.maxPixels)
        return;
    std::ostringstream os;
    os << source << " is " << width << "x" << height << " pixels, larger than the limit of "
       << limits.maxSide << " pixels per side and " << limits.maxPixels / 1e6
       << " megapixels; scale it down before using it";
    throw Error(os.str());
}

// A uint8 [H, W, C] CPU tensor as a cv::Mat sharing its memory (keep the tensor alive).
cv::Mat matView(const torch::Tensor& contiguousHWC) {
    return cv::Mat(static_cast<int>(contiguousHWC.size(0)), static_cast<int>(contiguousHWC.size(1)),
                   CV_8UC(static_cast<int>(contiguousHWC.size(2))), contiguousHWC.data_ptr());
}

torch::Tensor tensorFromMat(const cv::Mat& mat) {
    const cv::Mat continuous = mat.isContinuous() ? mat : mat.clone();
    return torch::from_blob(continuous.data,
                            {continuous.rows, continuous.cols, continuous.channels()},
                            torch::kUInt8)
        .clone();
}

// uint8 [H, W, C] with C in {1, 3, 4} ([H, W] taken as one channel), on the CPU, contiguous.
torch::Tensor checkedImage(const torch::Tensor& image, const char* what) {
    if (!image.defined())
        throw Error(std::string(what) + ": no image was given (the tensor is empty)");
    if (image.scalar_type() != torch::kUInt8)
        throw Error(std::string(what) + ": expected a uint8 image, got " +
                    std::string(c10::toString(image.scalar_type())) +
                    "; convert pipeline output with toImageUint8 first");
    const auto hwc = image.dim() == 2 ? image.unsqueeze(2) : image;
    if (hwc.dim() != 3 || (hwc.size(2) != 1 && hwc.size(2) != 3 && hwc.size(2) != 4))
        throw Error(std::string(what) +
                    ": expected an image shaped [H, W, 3] (or 1 or 4 channels), got " +
                    shapeOf(image));
    if (hwc.size(0) == 0 || hwc.size(1) == 0 || hwc.size(0) > INT32_MAX / 4 ||
        hwc.size(1) > INT32_MAX / 4)
        throw Error(std::string(what) + ": image size " + shapeOf(image) +
                    " is empty or too large");
    return hwc.cpu().contiguous();
}

// Decoded pixels of any depth to 8 bits, as PIL's conversion to RGB would give.
cv::Mat toDepth8(const cv::Mat& mat, const std::string& source) {
    switch (mat.depth()) {
        case CV_8U:
            return mat;
        case CV_16U: {
            cv::Mat out;
            mat.convertTo(out, CV_8U, 1.0 / 257.0);  // 65535 -> 255, rounded
            return out;
        }
        case CV_32F:
        case CV_64F: {
            cv::Mat out;
            mat.convertTo(out, CV_8U, 255.0);  // [0, 1] -> [0, 255], saturated
            return out;
        }
        default:
            throw Error(source +
                        " has a pixel format this program cannot use (signed integers); "
                        "save it as an 8-bit PNG or JPEG");
    }
}

torch::Tensor decode(const uint8_t* data, size_t size, const std::string& source,
                     const ImageReadLimits& limits) {
    const std::string notAnImage =
        source +
        " is not an image OpenCV can read (PNG, JPEG, WebP, BMP, TIFF); "
        "check that the file is a complete picture in one of these formats";
    if (size == 0) throw Error(source + " is empty. " + notAnImage);
    if (size > static_cast<size_t>(INT32_MAX)) throw Error(source + " is too large to decode");
    // Refuse oversized pictures from the header, before OpenCV allocates their pixels.
    if (const auto dims = probeImageDimensions(data, size))
        checkLimits(dims->width, dims->height, source, limits);

    cv::Mat decoded;
    try {
        // COLOR: always three channels (grey expanded, alpha dropped) with the EXIF rotation
        // applied; ANYDEPTH: 16-bit stays 16-bit so it is scaled, not truncated.
        const cv::Mat encoded(1, static_cast<int>(size), CV_8U, const_cast<uint8_t*>(data));
        decoded = cv::imdecode(encoded, cv::IMREAD_COLOR | cv::IMREAD_ANYDEPTH);
    } catch (const cv::Exception& e) {
        throw Error(notAnImage + " (" + e.what() + ")");
    }
    if (decoded.empty()) throw Error(notAnImage);
    checkLimits(decoded.cols, decoded.rows, source, limits);

    cv::Mat rgb;
    const cv::Mat pixels = toDepth8(decoded, source);
    switch (pixels.channels()) {
        case 1:
            cv::cvtColor(pixels, rgb, cv::COLOR_GRAY2RGB);
            break;
        case 3:
            cv::cvtColor(pixels, rgb, cv::COLOR_BGR2RGB);
            break;
        case 4:
            cv::cvtColor(pixels, rgb, cv::COLOR_BGRA2RGB);
            break;
        default:
            throw Error(source + " has " + std::to_string(pixels.channels()) +
                        " channels; expected 1, 3 or 4");
    }
    return tensorFromMat(rgb);
}

}  // namespace

torch::Tensor readImageRGB(const fs::path& path, const ImageReadLimits& limits) {
    std::error_code ec;
    const auto status = fs::status(path, ec);
    if (!fs::exists(status))
        throw Error("image file " + quoted(path) + " does not exist; check the path");
    if (fs::is_directory(status)) throw Error(quoted(path) + " is a folder, not an image file");
    const auto size = fs::file_size(path, ec);
    if (ec) throw Error("cannot read image file " + quoted(path) + ": " + ec.message());
    if (size > limits.maxFileBytes)
        throw Error("image file " + quoted(path) + " is " + std::to_string(size >> 20) +
                    " MiB, larger than the limit of " + std::to_string(limits.maxFileBytes >> 20) +
                    " MiB");

    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw Error("cannot open image file " + quoted(path) + " (" + std::strerror(errno) +
                    "); check that you may read it");
    std::vector<uint8_t> bytes(static_cast<size_t>(size));
    in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    if (in.gcount() != static_cast<std::streamsize>(bytes.size()))
        throw Error("cannot read image file " + quoted(path) +
                    ": it ended early or changed while reading");
    return decode(bytes.data(), bytes.size(), quoted(path), limits);
}

torch::Tensor decodeImageRGB(const std::vector<uint8_t>& bytes, const ImageReadLimits& limits,
                             const std::string& source) {
    return decode(bytes.data(), bytes.size(), source, limits);
}

std::vector<uint8_t> encodePng(const torch::Tensor& imageHWCuint8) {
    const auto image = checkedImage(imageHWCuint8, "encodePng");
    cv::Mat bgr;
    const cv::Mat view = matView(image);
    switch (view.channels()) {
        case 1:
            bgr = view;
            break;
        case 3:
            cv::cvtColor(view, bgr, cv::COLOR_RGB2BGR);
            break;
        default:
            cv::cvtColor(view, bgr, cv::COLOR_RGBA2BGRA);
            break;
    }
    std::vector<uint8_t> bytes;
    try {
        if (!cv::imencode(".png", bgr, bytes))
            throw Error("OpenCV could not encode the image as PNG");
    } catch (const cv::Exception& e) {
        throw Error(std::string("OpenCV could not encode the image as PNG: ") + e.what());
    }
    return bytes;
}

void writePngAtomic(const fs::path& path, const torch::Tensor& imageHWCuint8) {
    writeFileAtomic(path, encodePng(imageHWCuint8));  // encode before touching the disk
}

torch::Tensor resizeImage(const torch::Tensor& imageHWCuint8, int64_t height, int64_t width) {
    const auto image = checkedImage(imageHWCuint8, "resizeImage");
    if (height <= 0 || width <= 0 || height > INT32_MAX / 4 || width > INT32_MAX / 4)
        throw Error("resizeImage: cannot resize to " + std::to_string(width) + "x" +
                    std::to_string(height));
    const bool shrinking = height <= image.size(0) && width <= image.size(1);
    cv::Mat resized;
    cv::resize(matView(image), resized, cv::Size(static_cast<int>(width), static_cast<int>(height)),
               0, 0, shrinking ? cv::INTER_AREA : cv::INTER_CUBIC);
    return tensorFromMat(resized);
}

}  // namespace unclip
