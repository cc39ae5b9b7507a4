// The main window around its gallery: the gallery view's actions (Use all settings fills the
// panel the image came from, Use seed sets every seed row (fixed), Send to Variations /
// Blend A / B fill the drop zones, Delete asks first (the confirmation is injected) and then
// removes the file and its row), the outputs folder switching live, View > Language saved
// for the next start, the gallery's grid mode remembered, and --demo queueing at once.
#include <sys/stat.h>
#include <QAction>
#include <QBuffer>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileInfo>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QListView>
#include <QMessageBox>
#include <QScopeGuard>
#include <QSpinBox>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>
#include <filesystem>
#include <utility>
#include <vector>

#include "app/gallery/gallery_model.h"
#include "app/gallery/gallery_store.h"
#include "app/jobs/job_queue.h"
#include "app/studio/app_settings.h"
#include "app/studio/model_host.h"
#include "app/studio/studio_runners.h"
#include "core/metadata/generation_parameters.h"
#include "core/metadata/png_metadata.h"
#include "flat_png.h"
#include "ui/blend_panel.h"
#include "ui/gallery_view.h"
#include "ui/generation_settings_widget.h"
#include "ui/image_drop_zone.h"
#include "ui/job_rows_model.h"
#include "ui/main_window.h"
#include "ui/prompt_panel.h"
#include "ui/queue_view.h"
#include "ui/seed_control.h"
#include "ui/variation_panel.h"

using namespace unclip::ui;
using unclip::app::GalleryImage;
using unclip::app::GalleryModel;
using unclip::app::GalleryStore;

namespace {

constexpr quint64 kTextSeed = 3000000123u;
constexpr quint64 kBlendSeed = 77;

using unclip::test::flatPng;

// A PNG with the infotext and the unclip-studio JSON, as the runners write them.
QByteArray pngWith(const QColor& color, const std::string& infotext, const QJsonObject& json,
                   int side = 16) {
    const QByteArray plain = flatPng(color, side);
    const auto png =
        unclip::addMetadata(std::vector<uint8_t>(plain.begin(), plain.end()), infotext,
                            QJsonDocument(json).toJson(QJsonDocument::Compact).toStdString());
    return QByteArray(reinterpret_cast<const char*>(png.data()), qsizetype(png.size()));
}

GalleryImage metaFor(const QJsonObject& json, quint64 seed) {
    GalleryImage meta;
    meta.jobId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    meta.prompt = json.value(QStringLiteral("prompt")).toString();
    meta.seed = seed;
    meta.hasSeed = true;
    meta.kind = json.value(QStringLiteral("kind")).toString();
    meta.settingsJson = QString::fromUtf8(QJsonDocument(json).toJson(QJsonDocument::Compact));
    return meta;
}

QAction* action(GalleryView* view, const char* name) {
    return view->findChild<QAction*>(QLatin1String(name));
}

}  // namespace

class TestUiMainWindow : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init() {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_settings = std::make_unique<unclip::app::AppSettings>(
            m_dir->filePath(QStringLiteral("settings.ini")));
        m_settings->setOutputsDir(m_dir->filePath(QStringLiteral("outputs")));
        m_store = std::make_unique<GalleryStore>(m_settings->outputsDir());
        m_gallery = std::make_unique<GalleryModel>(m_store.get());
        m_host = std::make_unique<unclip::app::ModelHost>();
        m_queue = std::make_unique<unclip::app::JobQueue>(QString());
        m_window =
            std::make_unique<MainWindow>(*m_settings, *m_queue, *m_host, *m_store, *m_gallery);

        m_sourceA = m_dir->filePath(QStringLiteral("a.png"));
        m_sourceB = m_dir->filePath(QStringLiteral("b.png"));
        for (const auto& [path, color] :
             {std::pair{m_sourceA, QColor(Qt::red)}, std::pair{m_sourceB, QColor(Qt::blue)}}) {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(flatPng(color));
        }
        const QJsonObject text{{"tool", "unCLIP Studio"},
                               {"kind", "text"},
                               {"prompt", "a green triangle"},
                               {"seed", qint64(kTextSeed)},
                               {"steps", QJsonArray{5, 6, 3}},
                               {"guidance", QJsonArray{2.5, 7.0}},
                               {"size", 16}};
        const std::string infotext =
            "a green triangle\nNegative prompt: \nSteps: 6, CFG scale: 7, Seed: 3000000123, "
            "Prior steps: 5, Prior CFG scale: 2.5, Super-res steps: 3, Size: 16x16";
        m_textId = m_store->addImage(pngWith(Qt::green, infotext, text), metaFor(text, kTextSeed));
        const QJsonObject blend{{"tool", "unCLIP Studio"},
                                {"kind", "blend"},
                                {"seed", qint64(kBlendSeed)},
                                {"source_a", m_sourceA},
                                {"source_b", m_sourceB},
                                {"theta", 0.5},
                                {"size", 16}};
        m_blendId = m_store->addImage(
            pngWith(Qt::gray, "\nNegative prompt: \nSeed: 77, Size: 16x16", blend),
            metaFor(blend, kBlendSeed));
        if (m_gallery->canFetchMore({})) m_gallery->fetchMore({});
        QCOMPARE(m_window->galleryView()->proxy()->rowCount(), 2);
    }

    void cleanup() {
        m_window.reset();
        m_queue.reset();
        m_host.reset();
        m_gallery.reset();
        m_store.reset();
        m_settings.reset();
        m_dir.reset();
    }

    void useAllSettingsFillsThePromptPanel() {
        PromptPanel* prompt = m_window->promptPanel();
        prompt->setResolutions({16, 32});
        prompt->setPrompt(QStringLiteral("something else"));
        prompt->seedControl()->setMode(SeedMode::Random);
        m_window->tabs()->setCurrentWidget(m_window->blendPanel());
        select(m_textId);
        action(m_window->galleryView(), "useAllSettings")->trigger();
        QCOMPARE(prompt->prompt(), QStringLiteral("a green triangle"));
        QCOMPARE(prompt->seedControl()->seed(), quint32(kTextSeed));
        QCOMPARE(prompt->seedControl()->mode(), SeedMode::Fixed);
        QCOMPARE(prompt->advanced()->priorSteps()->value(), 5);
        QCOMPARE(prompt->advanced()->decoderSteps()->value(), 6);
        QCOMPARE(prompt->advanced()->superResSteps()->value(), 3);
        QCOMPARE(prompt->advanced()->priorGuidance()->value(), 2.5);
        QCOMPARE(prompt->advanced()->decoderGuidance()->value(), 7.0);
        QCOMPARE(prompt->advanced()->size(), 16);
        QCOMPARE(m_window->tabs()->currentWidget(), prompt);

        // A blend image's settings go to the blend panel: its sources and its row seed.
        BlendPanel* blend = m_window->blendPanel();
        blend->seedControl()->setMode(SeedMode::Random);
        select(m_blendId);
        action(m_window->galleryView(), "useAllSettings")->trigger();
        QCOMPARE(blend->zoneA()->imagePath(), m_sourceA);
        QCOMPARE(blend->zoneB()->imagePath(), m_sourceB);
        QCOMPARE(blend->seedControl()->seed(), quint32(kBlendSeed));
        QCOMPARE(blend->seedControl()->mode(), SeedMode::Fixed);
        QCOMPARE(m_window->tabs()->currentWidget(), blend);
    }

    void useSeedSetsEverySeedRow() {
        const QList<SeedControl*> controls = {m_window->promptPanel()->seedControl(),
                                              m_window->variationPanel()->seedControl(),
                                              m_window->blendPanel()->seedControl()};
        for (SeedControl* control : controls) {
            control->setSeed(1);
            control->setMode(SeedMode::Increment);
        }
        select(m_textId);
        QAction* useSeed = action(m_window->galleryView(), "useSeed");
        QVERIFY(useSeed->isEnabled());
        useSeed->trigger();
        for (SeedControl* control : controls) {
            QCOMPARE(control->seed(), quint32(kTextSeed));
            QCOMPARE(control->mode(), SeedMode::Fixed);
        }
    }

    void sendToFillsTheDropZones() {
        GalleryView* view = m_window->galleryView();
        select(m_textId);
        const QString textPath = view->currentPath();
        QVERIFY(QFileInfo(textPath).isFile());
        action(view, "sendToVariations")->trigger();
        QCOMPARE(m_window->variationPanel()->dropZone()->imagePath(), textPath);
        QCOMPARE(m_window->tabs()->currentWidget(), m_window->variationPanel());

        action(view, "sendToBlendA")->trigger();
        select(m_blendId);
        const QString blendPath = view->currentPath();
        action(view, "sendToBlendB")->trigger();
        QCOMPARE(m_window->blendPanel()->zoneA()->imagePath(), textPath);
        QCOMPARE(m_window->blendPanel()->zoneB()->imagePath(), blendPath);
        QCOMPARE(m_window->tabs()->currentWidget(), m_window->blendPanel());
    }

    void deleteAsksThenRemovesFileAndRow() {
        GalleryView* view = m_window->galleryView();
        int asked = 0;
        int askedCount = 0;
        bool answer = false;
        view->setDeleteConfirmation([&](QWidget*, int count) {
            ++asked;
            askedCount = count;
            return answer;
        });
        select(m_textId);
        const QString path = view->currentPath();
        QAction* remove = action(view, "delete");

        remove->trigger();  // declined
        QCOMPARE(asked, 1);
        QCOMPARE(askedCount, 1);
        QVERIFY(QFileInfo::exists(path));
        QCOMPARE(m_store->count(), 2);
        QCOMPARE(view->proxy()->rowCount(), 2);

        answer = true;
        remove->trigger();
        QCOMPARE(asked, 2);
        QVERIFY(!QFileInfo::exists(path));
        QCOMPARE(m_store->count(), 1);
        QVERIFY(!m_store->image(m_textId).has_value());
        QVERIFY(m_store->image(m_blendId).has_value());
        QCOMPARE(m_gallery->rowCount(), 1);
        QCOMPARE(view->proxy()->rowCount(), 1);
        QCOMPARE(view->proxy()->index(0, 0).data(GalleryModel::IdRole).toLongLong(), m_blendId);
    }

    // Live: the gallery shows the new folder (rescanned), the runners and the panels' pasted
    // inputs move there, the settings keep it; images indexed in the old folder by a job that
    // began before the switch are not mistaken for the new folder's.
    void outputsFolderSwitchesLive() {
        auto* events = new unclip::app::StudioRunnerEvents(m_queue.get());
        events->setOutputsDir(m_store->outputsDir());
        m_window->setRunnerEvents(events);
        const QString oldPath = m_store->absolutePath(*m_store->image(m_textId));
        const QString elsewhere = m_dir->filePath(QStringLiteral("elsewhere"));
        QVERIFY(QDir().mkpath(elsewhere));
        {
            QFile loose(QDir(elsewhere).filePath(QStringLiteral("from-before.png")));
            QVERIFY(loose.open(QIODevice::WriteOnly));
            loose.write(pngWith(Qt::yellow, "a yellow star\nNegative prompt: \nSeed: 5", {}));
        }

        QVERIFY(m_window->setOutputsDir(elsewhere));
        GalleryView* view = m_window->galleryView();
        QCOMPARE(view->proxy()->rowCount(), 1);
        QCOMPARE(view->proxy()->index(0, 0).data(GalleryModel::PromptRole).toString(),
                 QStringLiteral("a yellow star"));
        QCOMPARE(events->outputsDir(), QDir(elsewhere).absolutePath());
        QCOMPARE(m_settings->outputsDir(), elsewhere);
        QCOMPARE(m_window->variationPanel()->dropZone()->inputsDir(),
                 QDir(elsewhere).filePath(QStringLiteral("inputs")));
        QCOMPARE(m_window->blendPanel()->zoneA()->inputsDir(),
                 QDir(elsewhere).filePath(QStringLiteral("inputs")));

        // A job that began before the switch indexes into the old folder: not shown here.
        Q_EMIT events->imageIndexed(m_blendId, oldPath, QUuid::createUuid(), 0);
        QCOMPARE(view->proxy()->rowCount(), 1);
        // A job started after it writes into the new folder (its own connection): shown.
        GalleryStore runner(elsewhere);
        const QJsonObject text{{"kind", "text"}, {"prompt", "new"}, {"seed", 9}};
        const qint64 id = runner.addImage(
            pngWith(Qt::cyan, "new\nNegative prompt: \nSeed: 9", text), metaFor(text, 9));
        Q_EMIT events->imageIndexed(id, runner.absolutePath(*runner.image(id)), QUuid::createUuid(),
                                    0);
        QCOMPARE(view->proxy()->rowCount(), 2);

        // The actions work on the new folder: Delete removes its file, the old folder's stay.
        view->setDeleteConfirmation([](QWidget*, int) { return true; });
        select(id);
        const QString newPath = view->currentPath();
        QVERIFY(newPath.startsWith(QDir(elsewhere).absolutePath()));
        action(view, "delete")->trigger();
        QVERIFY(!QFileInfo::exists(newPath));
        QCOMPARE(view->proxy()->rowCount(), 1);
        QVERIFY(QFileInfo::exists(oldPath));
        QCOMPARE(m_store->count(), 2);
    }

    void languageIsSavedForTheNextStart() {
        auto* system = m_window->findChild<QAction*>(QStringLiteral("language_system"));
        auto* german = m_window->findChild<QAction*>(QStringLiteral("language_de"));
        auto* english = m_window->findChild<QAction*>(QStringLiteral("language_en"));
        QVERIFY(system && german && english);
        QVERIFY(system->isChecked());
        QCOMPARE(german->text(), QStringLiteral("Deutsch"));

        german->trigger();
        QVERIFY(german->isChecked() && !system->isChecked());
        QCOMPARE(m_settings->language(), QStringLiteral("de"));
        QCOMPARE(unclip::app::AppSettings(m_settings->fileName()).language(), QStringLiteral("de"));
        QList<QMessageBox*> boxes = m_window->findChildren<QMessageBox*>();
        QCOMPARE(boxes.size(), 1);
        QVERIFY(boxes[0]->isVisible());
        QVERIFY2(boxes[0]->text().contains(QStringLiteral("starts again")),
                 qPrintable(boxes[0]->text()));
        boxes[0]->accept();  // deletes itself
        QTRY_VERIFY(m_window->findChildren<QMessageBox*>().isEmpty());

        german->trigger();  // no change, no message
        QVERIFY(m_window->findChildren<QMessageBox*>().isEmpty());
        system->trigger();
        QCOMPARE(m_settings->language(), QString());

        // A window built with "en" saved shows English checked.
        m_settings->setLanguage(QStringLiteral("en"));
        MainWindow again(*m_settings, *m_queue, *m_host, *m_store, *m_gallery);
        QVERIFY(again.findChild<QAction*>(QStringLiteral("language_en"))->isChecked());
    }

    // --demo queues its prompt job at once, while the model is still loading (the job waits
    // for the model in the queue, its size left to the model), so the window shows it.
    void demoQueuesAtOnceWhileTheModelLoads() {
        // A load that cannot end before the test says so: model_index.json is a FIFO, and the
        // load waits in open() until something writes to it.
        const QString folder = m_dir->filePath(QStringLiteral("loading-model"));
        QVERIFY(QDir().mkpath(folder));
        const QByteArray fifo = QFile::encodeName(folder + QStringLiteral("/model_index.json"));
        QCOMPARE(::mkfifo(fifo.constData(), 0600), 0);
        // Lets the load end (not a model: it fails) before the host goes, whatever happens.
        bool released = false;
        const auto release = [&released, fifo] {
            if (std::exchange(released, true)) return;
            QFile writer(QString::fromLocal8Bit(fifo));
            if (writer.open(QIODevice::WriteOnly)) writer.write("not a model");
        };
        const auto atExit = qScopeGuard(release);
        m_window->loadModel(folder);
        QVERIFY(m_host->isLoading());

        m_window->runDemo(QString());
        const QList<unclip::app::JobInfo> jobs = m_queue->jobs();
        QCOMPARE(jobs.size(), 1);
        QCOMPARE(jobs.first().spec.kind, unclip::app::JobKind::Text);
        QCOMPARE(jobs.first().spec.settings.value(QStringLiteral("size")).toString(),
                 QStringLiteral("default"));
        QCOMPARE(m_window->queueView()->model()->rowCount(), 1);
        QVERIFY(m_host->isLoading());

        release();
        QTRY_VERIFY(!m_host->isLoading());
    }

    // The loaded model's recommended steps and guidance reach every panel (the built-in
    // model draws best at guidance 2/2, Karlo at 4/8).
    void panelsTakeTheLoadedModelsDefaults() {
        QString reference = qEnvironmentVariable("UNCLIP_REFERENCE_DIR");
        if (reference.isEmpty())
            reference = QStringLiteral(UNCLIP_SOURCE_DIR "/../shared/fixtures/unclip-reference-a");
        const std::filesystem::path fixture = QDir(reference).filePath("pipeline").toStdString();
        if (!std::filesystem::exists(fixture / "model_index.json"))
            QSKIP("reference fixtures not found (set UNCLIP_REFERENCE_DIR)");
        const std::filesystem::path folder = m_dir->filePath("model").toStdString();
        std::filesystem::copy(fixture, folder, std::filesystem::copy_options::recursive);
        const QString index = QString::fromStdString((folder / "model_index.json").string());
        QFile::setPermissions(index, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        QFile file(index);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QJsonObject json = QJsonDocument::fromJson(file.readAll()).object();
        file.close();
        json.insert("_unclip_studio_sampling", QJsonObject{{"decoder_guidance_scale", 3.5},
                                                           {"decoder_num_inference_steps", 12}});
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(QJsonDocument(json).toJson());
        file.close();

        m_window->loadModel(QString::fromStdString(folder.string()));
        GenerationSettingsWidget* advanced = m_window->promptPanel()->advanced();
        QTRY_COMPARE_WITH_TIMEOUT(advanced->decoderGuidance()->value(), 3.5, 30000);
        QCOMPARE(advanced->decoderSteps()->value(), 12);
        QCOMPARE(advanced->priorGuidance()->value(), 4.0);  // not named: Karlo's
        QCOMPARE(m_window->variationPanel()->guidanceBox()->value(), 3.5);
    }

    void thumbnailsFitTheirCells() {
        // A 256 px picture, as the built-in model makes them: its thumbnail in the list and
        // in the grid is the cell's size (a larger one was drawn at its own size, cropped).
        const QJsonObject text{{"tool", "unCLIP Studio"}, {"kind", "text"}, {"prompt", "big"}};
        const qint64 id = m_store->addImage(
            pngWith(Qt::magenta, "big\nNegative prompt: \nSeed: 5", text, 256), metaFor(text, 5));
        m_gallery->reload();
        if (m_gallery->canFetchMore({})) m_gallery->fetchMore({});
        QCOMPARE(m_gallery->thumbnailSize(), GalleryView::kThumbnailSize);
        GalleryView* view = m_window->galleryView();
        QModelIndex image;
        for (int row = 0; row < view->proxy()->rowCount(); ++row)
            if (view->proxy()->index(row, 0).data(GalleryModel::IdRole).toLongLong() == id)
                image = view->proxy()->index(row, 0);
        QVERIFY(image.isValid());
        auto decoration = [&] { return image.data(Qt::DecorationRole).value<QImage>(); };
        QTRY_COMPARE(decoration().pixelColor(10, 10), QColor(Qt::magenta));  // loaded
        QCOMPARE(decoration().size(),
                 QSize(GalleryView::kThumbnailSize, GalleryView::kThumbnailSize));
        view->setRowsByJob(true);
        const QModelIndex cell = view->rowsModel()->index(0, 0);
        QCOMPARE(cell.data(GalleryModel::IdRole).toLongLong(), id);
        QCOMPARE(cell.data(Qt::DecorationRole).value<QImage>().size(),
                 QSize(GalleryView::kThumbnailSize, GalleryView::kThumbnailSize));
    }

    void galleryGridIsRemembered() {
        QVERIFY(!m_window->galleryView()->rowsByJob());
        m_window->galleryView()->setRowsByJob(true);
        m_window->saveSettings();
        MainWindow again(*m_settings, *m_queue, *m_host, *m_store, *m_gallery);
        QVERIFY(again.galleryView()->rowsByJob());
        QCOMPARE(again.galleryView()->rowsModel()->rowCount(), 2);  // the two jobs
    }

private:
    void select(qint64 id) {
        GalleryView* view = m_window->galleryView();
        for (int row = 0; row < view->proxy()->rowCount(); ++row) {
            if (view->proxy()->index(row, 0).data(GalleryModel::IdRole).toLongLong() == id) {
                view->selectRow(row);
                QCOMPARE(view->listView()->selectionModel()->selectedIndexes().size(), 1);
                return;
            }
        }
        QFAIL("image not in the gallery view");
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<unclip::app::AppSettings> m_settings;
    std::unique_ptr<GalleryStore> m_store;
    std::unique_ptr<GalleryModel> m_gallery;
    std::unique_ptr<unclip::app::ModelHost> m_host;
    std::unique_ptr<unclip::app::JobQueue> m_queue;
    std::unique_ptr<MainWindow> m_window;
    QString m_sourceA;
    QString m_sourceB;
    qint64 m_textId = 0;
    qint64 m_blendId = 0;
};

QTEST_MAIN(TestUiMainWindow)
#include "test_ui_main_window.moc"
