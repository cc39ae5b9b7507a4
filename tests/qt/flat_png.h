// A PNG of one flat colour, encoded by Qt, for the Qt tests that drop, index or read images.
#pragma once

#include <QBuffer>
#include <QByteArray>
#include <QColor>
#include <QImage>

namespace unclip::test {

inline QByteArray flatPng(const QColor& color, int side = 16) {
    QImage image(side, side, QImage::Format_RGB888);
    image.fill(color);
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return bytes;
}

}  // namespace unclip::test
