// The gallery's "Rows by job" grid (JobRowsModel): each blend job is one row, the image with
// row index c in column c, so rows made with different seeds line up θ under θ (the paper's
// figure 4); headers name the seed and θ; the gallery actions work on the grid's cells; the
// grid follows images as they are added and deleted.
#include <QAbstractItemModelTester>
#include <QAction>
#include <QBuffer>
#include <QDateTime>
#include <QFileInfo>
#include <QHeaderView>
#include <QImage>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <QUuid>

#include "app/gallery/gallery_model.h"
#include "app/gallery/gallery_store.h"
#include "flat_png.h"
#include "ui/gallery_view.h"
#include "ui/job_rows_model.h"

using namespace unclip::ui;
using unclip::app::GalleryImage;
using unclip::app::GalleryModel;
using unclip::app::GalleryStore;

namespace {

const QList<double> kThetas = {0.0, 0.25, 0.5, 0.75, 1.0};

QByteArray png(int shade) { return unclip::test::flatPng(QColor(shade, shade, shade), 8); }

// One image of a blend row, as the blend runner indexes it.
qint64 addBlendImage(GalleryStore& store, const QString& job, quint64 seed, int row, double theta) {
    GalleryImage meta;
    meta.jobId = job;
    meta.rowIndex = row;
    meta.seed = seed;
    meta.hasSeed = true;
    meta.kind = QStringLiteral("blend");
    meta.settingsJson = QString::fromUtf8(
        QJsonDocument(QJsonObject{{"kind", "blend"}, {"seed", qint64(seed)}, {"theta", theta}})
            .toJson(QJsonDocument::Compact));
    return store.addImage(png(int(theta * 200)), meta);
}

QString newJob() { return QUuid::createUuid().toString(QUuid::WithoutBraces); }

double thetaOf(const QModelIndex& image) {
    return QJsonDocument::fromJson(image.data(GalleryModel::SettingsJsonRole).toString().toUtf8())
        .object()
        .value(QStringLiteral("theta"))
        .toDouble(-1);
}

// One image of a text job, as the text runner indexes it.
qint64 addTextImage(GalleryStore& store, const QString& job, int row,
                    const QString& prompt = QStringLiteral("a green triangle")) {
    GalleryImage meta;
    meta.jobId = job;
    meta.rowIndex = row;
    meta.prompt = prompt;
    meta.seed = quint64(500 + row);
    meta.hasSeed = true;
    meta.kind = QStringLiteral("text");
    meta.settingsJson = QStringLiteral("{\"kind\":\"text\",\"seed\":%1}").arg(500 + row);
    return store.addImage(png(30 + row), meta);
}

QString header(const JobRowsModel& rows, int column) {
    return rows.headerData(column, Qt::Horizontal).toString();
}

// The gallery's (proxy) index of an image, or invalid.
QModelIndex indexOf(const GalleryView& view, qint64 id) {
    for (int row = 0; row < view.proxy()->rowCount(); ++row) {
        const QModelIndex image = view.proxy()->index(row, 0);
        if (image.data(GalleryModel::IdRole).toLongLong() == id) return image;
    }
    return {};
}

// The grid row showing `job`, or -1.
int rowOfJob(const JobRowsModel& rows, const QString& job) {
    for (int row = 0; row < rows.rowCount(); ++row)
        for (int column = 0; column < rows.columnCount(); ++column) {
            const QModelIndex image = rows.sourceIndex(rows.index(row, column));
            if (image.isValid() && image.data(GalleryModel::JobIdRole).toString() == job)
                return row;
        }
    return -1;
}

}  // namespace

class TestUiGalleryRows : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void blendRowsLineUpByTheta() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        GalleryStore store(dir.path());
        const QString seven = newJob(), eight = newJob(), text = newJob();
        for (int i = 0; i < kThetas.size(); ++i) addBlendImage(store, seven, 7, i, kThetas[i]);
        // Written in another order: the columns still follow the row index.
        for (int i = int(kThetas.size()) - 1; i >= 0; --i)
            addBlendImage(store, eight, 8, i, kThetas[i]);
        for (int i = 0; i < 2; ++i)
            addTextImage(store, text, i,
                         QStringLiteral("a red circle above a blue square, seen from far away"));
        GalleryImage loose;  // a file rescan() found, without a job
        loose.kind = QStringLiteral("text");
        loose.prompt = QStringLiteral("loose");
        store.addImage(png(9), loose);

        GalleryModel model(&store);
        GalleryView view(&store, &model);
        if (model.canFetchMore({})) model.fetchMore({});
        JobRowsModel& rows = *view.rowsModel();
        QCOMPARE(rows.rowCount(), 0);  // built only while the grid shows
        QAction* mode = view.findChild<QAction*>(QStringLiteral("rowsByJob"));
        QVERIFY(mode && !view.rowsByJob());
        mode->trigger();
        QVERIFY(view.rowsByJob());
        QAbstractItemModelTester tester(&rows,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(rows.rowCount(), 4);  // two blend rows, the text job, the loose image
        QCOMPARE(rows.columnCount(), 5);

        const int rowSeven = rowOfJob(rows, seven), rowEight = rowOfJob(rows, eight);
        QVERIFY(rowSeven >= 0 && rowEight >= 0 && rowSeven != rowEight);
        for (int column = 0; column < kThetas.size(); ++column) {
            const QModelIndex a = rows.sourceIndex(rows.index(rowSeven, column));
            const QModelIndex b = rows.sourceIndex(rows.index(rowEight, column));
            QVERIFY(a.isValid() && b.isValid());
            QCOMPARE(a.data(GalleryModel::RowIndexRole).toInt(), column);
            QCOMPARE(b.data(GalleryModel::RowIndexRole).toInt(), column);
            QCOMPARE(thetaOf(a), kThetas[column]);
            QCOMPARE(thetaOf(b), kThetas[column]);
            QCOMPARE(a.data(GalleryModel::SeedRole).toULongLong(), quint64(7));
            QCOMPARE(b.data(GalleryModel::SeedRole).toULongLong(), quint64(8));
            QCOMPARE(rows.cellOf(a), rows.index(rowSeven, column));
            // Cells carry the gallery's roles (the thumbnail included).
            QVERIFY(rows.index(rowSeven, column).data(Qt::DecorationRole).isValid());
        }
        // Column 1 holds the text job's second image too: its θ is the blend rows'.
        QCOMPARE(header(rows, 1), QStringLiteral("2\nθ = 0.25 (blends)"));
        QCOMPARE(header(rows, 2), QStringLiteral("θ = 0.50"));
        // The header is tall enough for both lines.
        const QHeaderView* top = view.rowsView()->horizontalHeader();
        QVERIFY(top->sizeHint().height() >= 2 * top->fontMetrics().height());
        QCOMPARE(rows.headerData(rowEight, Qt::Vertical).toString(),
                 QStringLiteral("Blend, seed 8"));
        const int rowText = rowOfJob(rows, text);
        QVERIFY(rows.headerData(rowText, Qt::Vertical)
                    .toString()
                    .startsWith(QStringLiteral("a red circle above")));
        QVERIFY(!rows.sourceIndex(rows.index(rowText, 2)).isValid());  // the job has two

        // The current cell is the current image for every action.
        view.rowsView()->setCurrentIndex(rows.index(rowEight, 3));
        const QModelIndex chosen = rows.sourceIndex(rows.index(rowEight, 3));
        QCOMPARE(view.currentPath(), chosen.data(GalleryModel::PathRole).toString());
        QSignalSpy seeds(&view, &GalleryView::useSeed);
        view.findChild<QAction*>(QStringLiteral("useSeed"))->trigger();
        QCOMPARE(seeds.count(), 1);
        QCOMPARE(seeds.at(0).at(0).toULongLong(), quint64(8));

        // Back to the list and again: the same image stays current.
        const QString path = view.currentPath();
        mode->trigger();
        QVERIFY(!view.rowsByJob());
        QCOMPARE(view.currentPath(), path);
        QCOMPARE(rows.rowCount(), 0);
        view.setRowsByJob(true);
        QCOMPARE(view.currentPath(), path);

        // A new row as its images arrive; the grid keeps its columns.
        const QString nine = newJob();
        for (int i = 0; i < 3; ++i) addBlendImage(store, nine, 9, i, i * 0.5);
        QCOMPARE(rows.rowCount(), 5);
        QCOMPARE(rows.columnCount(), 5);
        QCOMPARE(thetaOf(rows.sourceIndex(rows.index(rowOfJob(rows, nine), 2))), 1.0);
        QCOMPARE(header(rows, 2), QStringLiteral("θ = 0.50 / 1.00"));  // rows of 5 and of 3

        // Deleting a cell leaves a gap in its row, not a shifted row.
        view.setDeleteConfirmation([](QWidget*, int) { return true; });
        const int rowSevenNow = rowOfJob(rows, seven);
        view.rowsView()->setCurrentIndex(rows.index(rowSevenNow, 2));
        const QString deleted = view.currentPath();
        view.findChild<QAction*>(QStringLiteral("delete"))->trigger();
        QVERIFY(!QFileInfo::exists(deleted));
        const int after = rowOfJob(rows, seven);
        QVERIFY(!rows.sourceIndex(rows.index(after, 2)).isValid());
        QCOMPARE(thetaOf(rows.sourceIndex(rows.index(after, 3))), 0.75);
    }

    // The grid keeps the chosen image (selection, current cell, details pane) while other
    // images arrive, older ones included (the gallery reloads), and while others go: rows and
    // columns are inserted and removed, never the whole grid reset.
    void selectionStaysWhileImagesArrive() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        GalleryStore store(dir.path());
        const QString seven = newJob(), text = newJob();
        for (int i = 0; i < kThetas.size(); ++i) addBlendImage(store, seven, 7, i, kThetas[i]);
        for (int i = 0; i < 2; ++i) addTextImage(store, text, i);
        GalleryModel model(&store);
        GalleryView view(&store, &model);
        if (model.canFetchMore({})) model.fetchMore({});
        view.setRowsByJob(true);
        JobRowsModel& rows = *view.rowsModel();
        QAbstractItemModelTester tester(&rows,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy resets(&rows, &QAbstractItemModel::modelReset);
        QSignalSpy moves(&rows, &QAbstractItemModel::layoutChanged);

        view.rowsView()->setCurrentIndex(rows.index(rowOfJob(rows, seven), 3));
        const QModelIndex chosenIndex = rows.sourceIndex(view.rowsView()->currentIndex());
        const qint64 chosen = chosenIndex.data(GalleryModel::IdRole).toLongLong();
        const QString path = view.currentPath();
        const QString name = QFileInfo(path).fileName();
        QVERIFY(!path.isEmpty());
        QVERIFY(view.details()->toPlainText().contains(name));
        const auto stillChosen = [&] {
            QCOMPARE(view.currentPath(), path);
            const QModelIndexList selected = view.rowsView()->selectionModel()->selectedIndexes();
            QCOMPARE(selected.size(), 1);
            QCOMPARE(rows.sourceIndex(selected.first()).data(GalleryModel::IdRole).toLongLong(),
                     chosen);
            QCOMPARE(rows.cellOf(rows.sourceIndex(selected.first())), selected.first());
            QVERIFY(view.details()->toPlainText().contains(name));
        };

        // Another job's images land: a new row on top.
        const QString next = newJob();
        addTextImage(store, next, 0);
        QCOMPARE(rows.rowCount(), 3);
        stillChosen();
        // ... and it grows past the grid's columns.
        for (int i = 1; i < 7; ++i) addTextImage(store, next, i);
        QCOMPARE(rows.columnCount(), 7);
        stillChosen();
        // The chosen job gains an image now: until the gallery sorts again it stands in a row
        // of its own above the newer job.
        const qint64 late = addBlendImage(store, seven, 7, 5, 1.25);
        QCOMPARE(rows.rowCount(), 4);
        QCOMPARE(rows.cellOf(indexOf(view, late)).row(), 0);
        stillChosen();
        // An older image (a rescan's find, say): the gallery reloads under the grid, sorted
        // again (the chosen job, newest now, moves to the top with its late image).
        GalleryImage old;
        old.jobId = newJob();
        old.kind = QStringLiteral("text");
        old.prompt = QStringLiteral("old");
        old.created = QDateTime::currentDateTimeUtc().addDays(-3);
        store.addImage(png(1), old);
        QCOMPARE(rows.rowCount(), 4);
        stillChosen();
        QCOMPARE(view.rowsView()->currentIndex().row(), 0);
        QCOMPARE(moves.count(), 1);
        QCOMPARE(rows.cellOf(indexOf(view, late)), rows.index(0, 5));
        // Another job's images go.
        for (const GalleryImage& image : store.imagesOfJob(text)) QVERIFY(store.remove(image.id));
        QCOMPARE(rows.rowCount(), 3);
        stillChosen();
        QCOMPARE(resets.count(), 0);

        // The chosen image itself goes: its cell empties and the details pane with it.
        QVERIFY(store.remove(chosen));
        QVERIFY(view.currentPath().isEmpty());
        QVERIFY(view.details()->toPlainText().isEmpty());
        QVERIFY(!view.findChild<QAction*>(QStringLiteral("useSeed"))->isEnabled());
    }

    // A column's header says what that column holds for the rows in the grid: the image
    // number for text and variation jobs, θ where only blend rows fill it, and both where
    // they mix (the θ marked as the blend rows', never claimed for a text job's image).
    void headersSayWhatEachColumnHolds() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        GalleryStore store(dir.path());
        GalleryModel model(&store);
        JobGroupProxyModel proxy;
        proxy.setSourceModel(&model);
        JobRowsModel rows;
        rows.setSourceModel(&proxy);
        QAbstractItemModelTester tester(&rows,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);

        const QString text = newJob();
        QList<qint64> textImages;
        for (int i = 0; i < 3; ++i) textImages.append(addTextImage(store, text, i));
        QCOMPARE(rows.columnCount(), 3);
        for (int column = 0; column < 3; ++column) {
            QCOMPARE(header(rows, column), QString::number(column + 1));
            QVERIFY(!rows.headerData(column, Qt::Horizontal, Qt::ToolTipRole)
                         .toString()
                         .contains(QStringLiteral("θ")));
        }

        const QString five = newJob();
        for (int i = 0; i < kThetas.size(); ++i) addBlendImage(store, five, 5, i, kThetas[i]);
        QCOMPARE(rows.columnCount(), 5);
        QCOMPARE(header(rows, 0), QStringLiteral("1\nθ = 0.00 (blends)"));
        QCOMPARE(header(rows, 2), QStringLiteral("3\nθ = 0.50 (blends)"));
        QCOMPARE(header(rows, 3), QStringLiteral("θ = 0.75"));
        QCOMPARE(header(rows, 4), QStringLiteral("θ = 1.00"));
        const QString tip = rows.headerData(1, Qt::Horizontal, Qt::ToolTipRole).toString();
        QVERIFY2(tip.contains(QStringLiteral("0.25")) && tip.contains(QStringLiteral("2")),
                 qPrintable(tip));

        // A shorter blend row: its θs stand beside the longer row's in the same column.
        const QString three = newJob();
        for (int i = 0; i < 3; ++i) addBlendImage(store, three, 3, i, i * 0.5);
        QCOMPARE(header(rows, 1), QStringLiteral("2\nθ = 0.25 / 0.50 (blends)"));
        QCOMPARE(header(rows, 3), QStringLiteral("θ = 0.75"));

        // Without the text job the first columns hold blends alone.
        for (qint64 id : std::as_const(textImages)) QVERIFY(store.remove(id));
        QCOMPARE(rows.rowCount(), 2);
        QCOMPARE(header(rows, 0), QStringLiteral("θ = 0.00"));
        QCOMPARE(header(rows, 2), QStringLiteral("θ = 0.50 / 1.00"));

        // A blend without a θ in its settings (an older file) claims none.
        GalleryImage bare;
        bare.jobId = newJob();
        bare.rowIndex = 0;
        bare.kind = QStringLiteral("blend");
        store.addImage(png(3), bare);
        QCOMPARE(header(rows, 0), QStringLiteral("1\nθ = 0.00 (blends)"));
    }
};

QTEST_MAIN(TestUiGalleryRows)
#include "test_ui_gallery_rows.moc"
