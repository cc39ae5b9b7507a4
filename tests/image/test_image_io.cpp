// Reading and writing image files: formats, layouts, size limits and error messages.
#include <fstream>
#include <iostream>

#include <unistd.h>

#include <opencv2/imgcodecs.hpp>

#include "core/image/image_header.h"
#include "core/image/image_io.h"
#include "harness.h"

using namespace unclip;
namespace fs = std::filesystem;

namespace {

torch::Tensor randomRgb(int64_t height, int64_t width) {
    return torch::randint(0, 256, {height, width, 3}, torch::kUInt8);
}

// Writes with OpenCV directly, so the reader is tested against an independent writer.
fs::path writeWithOpenCv(const std::string& name, const cv::Mat& mat) {
    const auto path = test::tempDir() / name;
    UNCLIP_CHECK_MSG(cv::imwrite(path.string(), mat), "OpenCV could not write " << name);
    return path;
}

std::vector<fs::path> folderContents(const fs::path& dir) {
    std::vector<fs::path> entries;
    for (const auto& e : fs::directory_iterator(dir)) entries.push_back(e.path().filename());
    return entries;
}

}  // namespace

UNCLIP_TEST(png_round_trip_is_exact) {
    const auto image = randomRgb(37, 53);
    const auto path = test::tempDir() / "round.png";
    writePngAtomic(path, image);
    const auto back = readImageRGB(path);
    UNCLIP_CHECK_EQ(back.sizes().vec(), image.sizes().vec());
    UNCLIP_CHECK(torch::equal(back, image));
    // Channel order survives: a pure red picture reads back red, not blue.
    auto red = torch::zeros({4, 4, 3}, torch::kUInt8);
    red.select(2, 0).fill_(255);
    writePngAtomic(path, red);  // over the existing file
    UNCLIP_CHECK(torch::equal(readImageRGB(path), red));
    UNCLIP_CHECK(torch::equal(decodeImageRGB(encodePng(red)), red));
}

UNCLIP_TEST(jpeg_loads) {
    cv::Mat bgr(48, 64, CV_8UC3, cv::Scalar(200, 100, 50));  // B, G, R
    const auto image = readImageRGB(writeWithOpenCv("photo.jpg", bgr));
    UNCLIP_CHECK_EQ(image.sizes().vec(), (std::vector<int64_t>{48, 64, 3}));
    // Lossy, but a flat colour comes back within a few levels, in RGB order.
    const auto mean = image.to(torch::kFloat32).mean(std::vector<int64_t>{0, 1});
    const double red = mean[0].item().toDouble(), blue = mean[2].item().toDouble();
    UNCLIP_CHECK_MSG(std::abs(red - 50) < 3 && std::abs(blue - 200) < 3, mean);
}

UNCLIP_TEST(grey_rgba_and_16bit_pngs_load_as_rgb) {
    cv::Mat grey(10, 12, CV_8UC1, cv::Scalar(77));
    auto image = readImageRGB(writeWithOpenCv("grey.png", grey));
    UNCLIP_CHECK_EQ(image.sizes().vec(), (std::vector<int64_t>{10, 12, 3}));
    UNCLIP_CHECK(torch::all(image == 77).item<bool>());

    // Alpha is dropped, as PIL's convert("RGB") does: even fully transparent pixels keep their
    // colour.
    cv::Mat bgra(10, 12, CV_8UC4, cv::Scalar(10, 20, 30, 0));
    image = readImageRGB(writeWithOpenCv("rgba.png", bgra));
    UNCLIP_CHECK_EQ(image.sizes().vec(), (std::vector<int64_t>{10, 12, 3}));
    UNCLIP_CHECK(torch::equal(image[0][0], torch::tensor({30, 20, 10}, torch::kUInt8)));

    cv::Mat deep(10, 12, CV_16UC3, cv::Scalar(0, 257 * 128, 65535));
    image = readImageRGB(writeWithOpenCv("deep.png", deep));
    UNCLIP_CHECK(torch::equal(image[3][4], torch::tensor({255, 128, 0}, torch::kUInt8)));
}

UNCLIP_TEST(a_text_file_named_png_is_a_clear_error) {
    const auto path = test::tempDir() / "notes.png";
    std::ofstream(path) << "this is not a picture\n";
    UNCLIP_CHECK_THROWS_WITH(readImageRGB(path),
                             "is not an image OpenCV can read (PNG, JPEG, WebP, BMP, TIFF)");
    UNCLIP_CHECK_THROWS_WITH(readImageRGB(path), "notes.png");
    std::ofstream(path, std::ios::trunc).close();
    UNCLIP_CHECK_THROWS_WITH(readImageRGB(path), "is empty");
    UNCLIP_CHECK_THROWS_WITH(decodeImageRGB({1, 2, 3}, {}, "the pasted data"),
                             "the pasted data is not an image");
}

UNCLIP_TEST(missing_file_and_folder_are_clear_errors) {
    const auto dir = test::tempDir();
    UNCLIP_CHECK_THROWS_WITH(readImageRGB(dir / "nope.png"), "does not exist");
    UNCLIP_CHECK_THROWS_WITH(readImageRGB(dir / "nope.png"), "nope.png");
    UNCLIP_CHECK_THROWS_WITH(readImageRGB(dir), "is a folder");
}

UNCLIP_TEST(an_over_limit_image_is_refused_with_its_size) {
    const auto path = test::tempDir() / "big.png";
    writePngAtomic(path, randomRgb(61, 97));
    ImageReadLimits small;
    small.maxSide = 64;
    UNCLIP_CHECK_THROWS_WITH(readImageRGB(path, small), "97x61 pixels");
    UNCLIP_CHECK_THROWS_WITH(readImageRGB(path, small), "64 pixels per side");
    ImageReadLimits fewPixels;
    fewPixels.maxPixels = 1000;
    UNCLIP_CHECK_THROWS_WITH(readImageRGB(path, fewPixels), "larger than the limit");
    ImageReadLimits tinyFile;
    tinyFile.maxFileBytes = 16;
    UNCLIP_CHECK_THROWS_WITH(readImageRGB(path, tinyFile), "MiB");
    UNCLIP_CHECK_EQ(readImageRGB(path).size(1), 97);  // fine under the defaults

    // TIFF has no header probe: the limit still holds, checked after decoding.
    cv::Mat tiff(61, 97, CV_8UC3, cv::Scalar(1, 2, 3));
    const auto tiffPath = test::tempDir() / "big.tiff";
    if (cv::imwrite(tiffPath.string(), tiff)) {
        UNCLIP_CHECK_THROWS_WITH(readImageRGB(tiffPath, small), "97x61 pixels");
        UNCLIP_CHECK_EQ(readImageRGB(tiffPath).size(0), 61);
    }
}

UNCLIP_TEST(header_probe_reads_sizes_without_decoding) {
    const std::vector<std::pair<std::string, cv::Mat>> cases = {
        {".png", cv::Mat(61, 97, CV_8UC3, cv::Scalar(1))},
        {".jpg", cv::Mat(61, 97, CV_8UC3, cv::Scalar(1))},
        {".bmp", cv::Mat(61, 97, CV_8UC3, cv::Scalar(1))},
        {".webp", cv::Mat(61, 97, CV_8UC3, cv::Scalar(1))},
    };
    for (const auto& [ext, mat] : cases) {
        std::vector<uint8_t> bytes;
        if (!cv::imencode(ext, mat, bytes)) continue;  // codec not built into this OpenCV
        const auto dims = probeImageDimensions(bytes.data(), bytes.size());
        UNCLIP_CHECK_MSG(dims.has_value(), ext);
        UNCLIP_CHECK_MSG(dims->width == 97 && dims->height == 61,
                         ext << ": " << dims->width << "x" << dims->height);
        std::cout << "header probe " << ext << ": " << dims->width << "x" << dims->height << "\n";
    }
    // A header cut short is "unknown", not a crash.
    std::vector<uint8_t> png;
    cv::imencode(".png", cases[0].second, png);
    UNCLIP_CHECK(!probeImageDimensions(png.data(), 20).has_value());
    UNCLIP_CHECK(!probeImageDimensions(png.data(), 0).has_value());
}

UNCLIP_TEST(write_png_atomic_leaves_no_temp_file) {
    const auto dir = test::tempDir();
    writePngAtomic(dir / "a.png", randomRgb(8, 8));
    writePngAtomic(dir / "a.png", randomRgb(9, 9));
    UNCLIP_CHECK_EQ(folderContents(dir).size(), 1u);
    UNCLIP_CHECK(folderContents(dir)[0] == "a.png");
}

UNCLIP_TEST(write_png_atomic_names_a_missing_or_unwritable_folder) {
    const auto dir = test::tempDir();
    UNCLIP_CHECK_THROWS_WITH(writePngAtomic(dir / "missing" / "a.png", randomRgb(4, 4)),
                             "does not exist");
    UNCLIP_CHECK_THROWS_WITH(writePngAtomic(dir / "missing" / "a.png", randomRgb(4, 4)), "missing");
    UNCLIP_CHECK_THROWS_WITH(writePngAtomic(dir / "a.png", torch::rand({4, 4, 3})), "toImageUint8");
    UNCLIP_CHECK_THROWS_WITH(writePngAtomic(dir / "a.png", torch::zeros({4, 4, 2}, torch::kUInt8)),
                             "[H, W, 3]");

    if (geteuid() == 0) return;  // root writes anywhere: the permission case cannot be shown
    const auto locked = dir / "locked";
    fs::create_directory(locked);
    fs::permissions(locked, fs::perms::owner_read | fs::perms::owner_exec);
    UNCLIP_CHECK_THROWS_WITH(writePngAtomic(locked / "a.png", randomRgb(4, 4)), "locked");
    fs::permissions(locked, fs::perms::owner_all);
    UNCLIP_CHECK(folderContents(locked).empty());
}

UNCLIP_TEST(pipeline_output_converts_like_diffusers) {
    // round(clamp(x, 0, 1) * 255): 0.5 -> 127.5 -> 128 (half to even), 0.2 -> 51.
    auto x = torch::tensor({-0.5f, 0.f, 0.2f, 0.5f, 0.999f, 1.f, 3.f}).view({1, 1, 7, 1});
    auto u = toImageUint8(x);
    UNCLIP_CHECK(u.scalar_type() == torch::kUInt8);
    UNCLIP_CHECK(
        torch::equal(u.flatten(), torch::tensor({0, 0, 51, 128, 255, 255, 255}, torch::kUInt8)));
    UNCLIP_CHECK_THROWS_WITH(toImageUint8(torch::zeros({2, 2}, torch::kUInt8)), "[N, H, W, C]");

    auto model = torch::tensor({-1.f, 0.f, 1.f, 2.f}).view({1, 1, 2, 2});
    auto nhwc = imagesFromModelRange(model);
    UNCLIP_CHECK_EQ(nhwc.sizes().vec(), (std::vector<int64_t>{1, 2, 2, 1}));
    UNCLIP_CHECK(torch::equal(nhwc.flatten(), torch::tensor({0.f, 0.5f, 1.f, 1.f})));
}

UNCLIP_TEST(resize_image_for_thumbnails) {
    const auto image = torch::full({40, 60, 3}, 90, torch::kUInt8);
    auto small = resizeImage(image, 20, 30);
    UNCLIP_CHECK_EQ(small.sizes().vec(), (std::vector<int64_t>{20, 30, 3}));
    UNCLIP_CHECK(torch::all(small == 90).item<bool>());
    UNCLIP_CHECK_EQ(resizeImage(image, 80, 120).size(1), 120);
    UNCLIP_CHECK_THROWS_WITH(resizeImage(image, 0, 10), "cannot resize");
}
