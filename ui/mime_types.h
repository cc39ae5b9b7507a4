// The app-private drag-and-drop type: a gallery item dragged onto a panel carries its
// absolute file path (UTF-8) under this type, beside the file URL other programs read.
#pragma once

namespace unclip {
namespace ui {

inline constexpr char kGalleryItemMimeType[] = "application/x-unclip-studio-gallery-item";

}  // namespace ui
}  // namespace unclip
