<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
<context>
    <name>main</name>
    <message>
        <source>unCLIP Studio</source>
        <translation>unCLIP Studio</translation>
    </message>
    <message>
        <source>Cannot open the outputs folder %1:
%2</source>
        <translation>Der Ausgabeordner %1 lässt sich nicht öffnen:
%2</translation>
    </message>
    <message>
        <source>No model</source>
        <translation>Kein Modell</translation>
    </message>
</context>
<context>
    <name>unclip::ui::BlendPanel</name>
    <message>
        <source>Drop image A here</source>
        <translation>Bild A hier ablegen</translation>
    </message>
    <message>
        <source>Drop image B here</source>
        <translation>Bild B hier ablegen</translation>
    </message>
    <message>
        <source>Advanced</source>
        <translation>Erweitert</translation>
    </message>
    <message>
        <source>0 is image A, 1 is image B</source>
        <translation>0 ist Bild A, 1 ist Bild B</translation>
    </message>
    <message>
        <source>Images in a row, from A (θ = 0) to B (θ = 1)</source>
        <translation>Bilder in einer Reihe, von A (θ = 0) bis B (θ = 1)</translation>
    </message>
    <message>
        <source>One decoder seed for the whole row</source>
        <translation>Ein Decoder-Seed für die ganze Reihe</translation>
    </message>
    <message>
        <source>A</source>
        <translation>A</translation>
    </message>
    <message>
        <source>B</source>
        <translation>B</translation>
    </message>
    <message>
        <source>Paste A</source>
        <translation>A einfügen</translation>
    </message>
    <message>
        <source>Paste B</source>
        <translation>B einfügen</translation>
    </message>
    <message>
        <source>Swap A and B</source>
        <translation>A und B tauschen</translation>
    </message>
    <message>
        <source>Render at θ</source>
        <translation>Bei θ rendern</translation>
    </message>
    <message>
        <source>Queue one image at the slider&apos;s θ</source>
        <translation>Ein Bild beim θ des Schiebereglers einreihen</translation>
    </message>
    <message>
        <source>Render row</source>
        <translation>Reihe rendern</translation>
    </message>
    <message>
        <source>Queue a row of images from A to B with one seed (Ctrl+Enter)</source>
        <translation>Eine Bilderreihe von A nach B mit einem Seed einreihen (Strg+Eingabe)</translation>
    </message>
    <message>
        <source>Blend θ:</source>
        <translation>Überblendung θ:</translation>
    </message>
    <message>
        <source>Row length:</source>
        <translation>Reihenlänge:</translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation>Seed:</translation>
    </message>
    <message>
        <source>θ = %1</source>
        <translation>θ = %1</translation>
    </message>
    <message numerus="yes">
        <source>Blend %1 → %2 (%n image(s), seed %3)</source>
        <translation>
            <numerusform>Überblendung %1 → %2 (%n Bild, Seed %3)</numerusform>
            <numerusform>Überblendung %1 → %2 (%n Bilder, Seed %3)</numerusform>
        </translation>
    </message>
    <message>
        <source>A blend needs two images: drop one on A and one on B.</source>
        <translation>Eine Überblendung braucht zwei Bilder: eines auf A und eines auf B ablegen.</translation>
    </message>
</context>
<context>
    <name>unclip::ui::GalleryView</name>
    <message>
        <source>Select an image to see how it was made.</source>
        <translation>Ein Bild auswählen, um zu sehen, wie es entstanden ist.</translation>
    </message>
    <message>
        <source>Save as…</source>
        <translation>Speichern unter…</translation>
    </message>
    <message>
        <source>Save a copy of the image, metadata included</source>
        <translation>Eine Kopie des Bildes samt Metadaten speichern</translation>
    </message>
    <message>
        <source>Copy image</source>
        <translation>Bild kopieren</translation>
    </message>
    <message>
        <source>Copy the image to the clipboard</source>
        <translation>Das Bild in die Zwischenablage kopieren</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>Ordner öffnen</translation>
    </message>
    <message>
        <source>Show the outputs folder</source>
        <translation>Den Ausgabeordner anzeigen</translation>
    </message>
    <message>
        <source>Use all settings</source>
        <translation>Alle Einstellungen übernehmen</translation>
    </message>
    <message>
        <source>Put every setting of this image in the panel</source>
        <translation>Alle Einstellungen dieses Bildes ins Bedienfeld übernehmen</translation>
    </message>
    <message>
        <source>Use prompt</source>
        <translation>Prompt übernehmen</translation>
    </message>
    <message>
        <source>Put this image&apos;s prompt in the prompt panel</source>
        <translation>Den Prompt dieses Bildes ins Prompt-Bedienfeld übernehmen</translation>
    </message>
    <message>
        <source>Use seed</source>
        <translation>Seed übernehmen</translation>
    </message>
    <message>
        <source>Put this image&apos;s seed in the prompt panel</source>
        <translation>Den Seed dieses Bildes ins Prompt-Bedienfeld übernehmen</translation>
    </message>
    <message>
        <source>Send to Variations</source>
        <translation>An Variationen senden</translation>
    </message>
    <message>
        <source>Make variations of this image</source>
        <translation>Variationen dieses Bildes erzeugen</translation>
    </message>
    <message>
        <source>Send to Blend A</source>
        <translation>An Überblendung A senden</translation>
    </message>
    <message>
        <source>Use this image as blend image A</source>
        <translation>Dieses Bild als Überblendungsbild A verwenden</translation>
    </message>
    <message>
        <source>Send to Blend B</source>
        <translation>An Überblendung B senden</translation>
    </message>
    <message>
        <source>Use this image as blend image B</source>
        <translation>Dieses Bild als Überblendungsbild B verwenden</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <source>Delete the selected images from disk</source>
        <translation>Die ausgewählten Bilder von der Festplatte löschen</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>Seed</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>%1 × %2</source>
        <translation>%1 × %2</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Erstellt</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Datei</translation>
    </message>
    <message>
        <source>Save image as</source>
        <translation>Bild speichern unter</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG-Bilder (*.png)</translation>
    </message>
    <message>
        <source>Save as</source>
        <translation>Speichern unter</translation>
    </message>
    <message>
        <source>Could not save %1.</source>
        <translation>%1 konnte nicht gespeichert werden.</translation>
    </message>
    <message>
        <source>Saved %1.</source>
        <translation>%1 gespeichert.</translation>
    </message>
    <message>
        <source>Image copied.</source>
        <translation>Bild kopiert.</translation>
    </message>
    <message>
        <source>Delete images</source>
        <translation>Bilder löschen</translation>
    </message>
    <message numerus="yes">
        <source>Delete %n image(s) from disk? This cannot be undone.</source>
        <translation>
            <numerusform>%n Bild von der Festplatte löschen? Das lässt sich nicht rückgängig machen.</numerusform>
            <numerusform>%n Bilder von der Festplatte löschen? Das lässt sich nicht rückgängig machen.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Deleted %n image(s).</source>
        <translation>
            <numerusform>%n Bild gelöscht.</numerusform>
            <numerusform>%n Bilder gelöscht.</numerusform>
        </translation>
    </message>
    <message>
        <source>Rows by job</source>
        <translation>Reihen nach Auftrag</translation>
    </message>
    <message>
        <source>One job per row: blend rows made with different seeds line up, θ under θ</source>
        <translation>Ein Auftrag pro Reihe: Überblendungsreihen mit verschiedenen Seeds stehen untereinander, θ unter θ</translation>
    </message>
</context>
<context>
    <name>unclip::ui::GenerationSettingsWidget</name>
    <message>
        <source>Prior steps:</source>
        <translation>Prior-Schritte:</translation>
    </message>
    <message>
        <source>Decoder steps:</source>
        <translation>Decoder-Schritte:</translation>
    </message>
    <message>
        <source>Super-res steps:</source>
        <translation>Super-Res-Schritte:</translation>
    </message>
    <message>
        <source>Prior guidance:</source>
        <translation>Prior-Guidance:</translation>
    </message>
    <message>
        <source>Decoder guidance:</source>
        <translation>Decoder-Guidance:</translation>
    </message>
    <message>
        <source>Resolution:</source>
        <translation>Auflösung:</translation>
    </message>
    <message>
        <source>Denoising steps of the prior (text to image embedding)</source>
        <translation>Entrauschungsschritte des Priors (Text- zu Bild-Embedding)</translation>
    </message>
    <message>
        <source>Denoising steps of the 64 px decoder</source>
        <translation>Entrauschungsschritte des 64-px-Decoders</translation>
    </message>
    <message>
        <source>Steps of the first super-resolution stage</source>
        <translation>Schritte der ersten Super-Resolution-Stufe</translation>
    </message>
    <message>
        <source>Classifier-free guidance scale of the prior</source>
        <translation>Classifier-free-Guidance-Stärke des Priors</translation>
    </message>
    <message>
        <source>Classifier-free guidance scale of the decoder</source>
        <translation>Classifier-free-Guidance-Stärke des Decoders</translation>
    </message>
    <message>
        <source>%1 × %1 px</source>
        <translation>%1 × %1 px</translation>
    </message>
    <message>
        <source>Model default</source>
        <translation>Modellstandard</translation>
    </message>
    <message>
        <source>Model default (%1 × %1 px)</source>
        <translation>Modellstandard (%1 × %1 px)</translation>
    </message>
    <message>
        <source>The model that runs the job picks: 256 px when it makes that size, else its largest</source>
        <translation>Das Modell, das den Auftrag ausführt, wählt: 256 px, wenn es diese Größe erzeugt, sonst seine größte</translation>
    </message>
    <message>
        <source>Use the model&apos;s sampling settings</source>
        <translation>Sampling-Einstellungen des Modells verwenden</translation>
    </message>
    <message>
        <source>The decoder draws this many pictures for each image and keeps the one CLIP finds closest to the prompt or source image. More are more often right, and slower</source>
        <translation>Der Decoder zeichnet so viele Bilder je Bild und behält das, das CLIP dem Prompt oder Quellbild am nächsten findet. Mehr sind öfter richtig, aber langsamer</translation>
    </message>
    <message>
        <source>Use the steps, guidance and candidates the loaded model recommends, also for models loaded later</source>
        <translation>Die Schritte, Guidance und Kandidaten verwenden, die das geladene Modell empfiehlt, auch für später geladene Modelle</translation>
    </message>
    <message>
        <source>Prior candidates:</source>
        <translation>Prior-Kandidaten:</translation>
    </message>
    <message>
        <source>Decoder candidates:</source>
        <translation>Decoder-Kandidaten:</translation>
    </message>
    <message>
        <source>The prior draws this many image embeddings for each image and keeps the one CLIP finds closest to the prompt. Each one costs a prior run, which is quick</source>
        <translation>Der Prior zieht so viele Bild-Embeddings je Bild und behält das, das CLIP dem Prompt am nächsten findet. Jedes kostet einen Prior-Durchlauf, der schnell ist</translation>
    </message>
</context>
<context>
    <name>unclip::ui::ImageDropZone</name>
    <message>
        <source>Drop an image file or a gallery image here, or select and paste (Ctrl+V)</source>
        <translation>Eine Bilddatei oder ein Galeriebild hier ablegen, oder auswählen und einfügen (Strg+V)</translation>
    </message>
    <message>
        <source>Nothing to take.</source>
        <translation>Nichts zu übernehmen.</translation>
    </message>
    <message>
        <source>Only local image files can be used (got %1).</source>
        <translation>Nur lokale Bilddateien sind möglich (erhalten: %1).</translation>
    </message>
    <message>
        <source>The pasted data is not an image.</source>
        <translation>Die eingefügten Daten sind kein Bild.</translation>
    </message>
    <message>
        <source>Cannot save the pasted image: no inputs folder (%1).</source>
        <translation>Das eingefügte Bild kann nicht gespeichert werden: kein Eingabeordner (%1).</translation>
    </message>
    <message>
        <source>Cannot save the pasted image to %1.</source>
        <translation>Das eingefügte Bild kann nicht unter %1 gespeichert werden.</translation>
    </message>
    <message>
        <source>This is not an image. Drop an image file (PNG, JPEG, WebP, ...).</source>
        <translation>Das ist kein Bild. Bitte eine Bilddatei ablegen (PNG, JPEG, WebP, …).</translation>
    </message>
    <message>
        <source>%1 is not a file.</source>
        <translation>%1 ist keine Datei.</translation>
    </message>
    <message>
        <source>%1 is not an image file that can be read.</source>
        <translation>%1 ist keine lesbare Bilddatei.</translation>
    </message>
</context>
<context>
    <name>unclip::ui::JobGroupProxyModel</name>
    <message>
        <source>%1, seed %2</source>
        <translation>%1, Seed %2</translation>
    </message>
</context>
<context>
    <name>unclip::ui::JobListModel</name>
    <message>
        <source>Queued</source>
        <translation>Wartend</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>Angehalten</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>Läuft</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Fertig</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1:%2 min</source>
        <translation>%1:%2 min</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>Fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>%1/%2</source>
        <translation>%1/%2</translation>
    </message>
    <message>
        <source>%1 %2/%3</source>
        <translation>%1 %2/%3</translation>
    </message>
    <message>
        <source>done</source>
        <translation>fertig</translation>
    </message>
    <message>
        <source>Job</source>
        <translation>Auftrag</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>Stufe</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Fortschritt</translation>
    </message>
    <message>
        <source>ETA</source>
        <translation>Restzeit</translation>
    </message>
</context>
<context>
    <name>unclip::ui::JobRowsModel</name>
    <message>
        <source>θ = %1</source>
        <translation>θ = %1</translation>
    </message>
    <message>
        <source>Blend, seed %1</source>
        <translation>Überblendung, Seed %1</translation>
    </message>
    <message>
        <source>Image %1 of each job</source>
        <translation>Bild %1 jedes Auftrags</translation>
    </message>
    <message>
        <source>Image %1 of each blend row: θ = %2</source>
        <translation>Bild %1 jeder Überblendungsreihe: θ = %2</translation>
    </message>
    <message>
        <source>%1
θ = %2 (blends)</source>
        <translation>%1
θ = %2 (Überblendungen)</translation>
    </message>
    <message>
        <source>Image %1 of each job; θ = %2 in blend rows</source>
        <translation>Bild %1 jedes Auftrags; θ = %2 in Überblendungsreihen</translation>
    </message>
</context>
<context>
    <name>unclip::ui::MainWindow</name>
    <message>
        <source>unCLIP Studio</source>
        <translation>unCLIP Studio</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>Prompt</translation>
    </message>
    <message>
        <source>Variations</source>
        <translation>Variationen</translation>
    </message>
    <message>
        <source>Blend</source>
        <translation>Überblendung</translation>
    </message>
    <message>
        <source>Gallery</source>
        <translation>Galerie</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>Warteschlange</translation>
    </message>
    <message>
        <source>No model</source>
        <translation>Kein Modell</translation>
    </message>
    <message>
        <source>The seed %1 is above 4294967295 and was not taken.</source>
        <translation>Der Seed %1 ist größer als 4294967295 und wurde nicht übernommen.</translation>
    </message>
    <message>
        <source>Seed %1 set (fixed).</source>
        <translation>Seed %1 gesetzt (fest).</translation>
    </message>
    <message>
        <source>Job &quot;%1&quot; failed: %2</source>
        <translation>Auftrag „%1“ fehlgeschlagen: %2</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>Open &amp;model folder…</source>
        <translation>&amp;Modellordner öffnen…</translation>
    </message>
    <message>
        <source>&amp;Outputs folder…</source>
        <translation>&amp;Ausgabeordner…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;System theme</source>
        <translation>&amp;System-Design</translation>
    </message>
    <message>
        <source>&amp;Light theme</source>
        <translation>&amp;Helles Design</translation>
    </message>
    <message>
        <source>&amp;Dark theme</source>
        <translation>&amp;Dunkles Design</translation>
    </message>
    <message>
        <source>&amp;Model</source>
        <translation>&amp;Modell</translation>
    </message>
    <message>
        <source>&amp;Device</source>
        <translation>&amp;Gerät</translation>
    </message>
    <message>
        <source>Automatic (GPU when available)</source>
        <translation>Automatisch (GPU, wenn vorhanden)</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>CUDA GPU</source>
        <translation>CUDA-GPU</translation>
    </message>
    <message>
        <source>&amp;Precision</source>
        <translation>&amp;Genauigkeit</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>Automatisch</translation>
    </message>
    <message>
        <source>float32 (exact)</source>
        <translation>float32 (exakt)</translation>
    </message>
    <message>
        <source>float16 (GPU, half the memory)</source>
        <translation>float16 (GPU, halber Speicher)</translation>
    </message>
    <message>
        <source>bfloat16 (GPU)</source>
        <translation>bfloat16 (GPU)</translation>
    </message>
    <message>
        <source>&amp;Reload model</source>
        <translation>Modell neu &amp;laden</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About unCLIP Studio</source>
        <translation>&amp;Über unCLIP Studio</translation>
    </message>
    <message>
        <source>About unCLIP Studio</source>
        <translation>Über unCLIP Studio</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;unCLIP Studio&lt;/b&gt; %1&lt;/p&gt;&lt;p&gt;Text to image, image variations and blends with the unCLIP cascade (prior, decoder, super-resolution), run locally with LibTorch.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;unCLIP Studio&lt;/b&gt; %1&lt;/p&gt;&lt;p&gt;Text zu Bild, Bildvariationen und Überblendungen mit der unCLIP-Kaskade (Prior, Decoder, Super-Resolution), lokal ausgeführt mit LibTorch.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Loading model %1…</source>
        <translation>Modell %1 wird geladen…</translation>
    </message>
    <message>
        <source>Model: %1</source>
        <translation>Modell: %1</translation>
    </message>
    <message>
        <source>Model loaded: %1</source>
        <translation>Modell geladen: %1</translation>
    </message>
    <message>
        <source>Model not loaded</source>
        <translation>Modell nicht geladen</translation>
    </message>
    <message>
        <source>Could not load the model in %1:
%2</source>
        <translation>Das Modell in %1 konnte nicht geladen werden:
%2</translation>
    </message>
    <message>
        <source>No model folder chosen: File ▸ Open model folder…</source>
        <translation>Kein Modellordner gewählt: Datei ▸ Modellordner öffnen…</translation>
    </message>
    <message>
        <source>Queued &quot;%1&quot;; it starts when the model has loaded.</source>
        <translation>„%1“ eingereiht; der Auftrag startet, sobald das Modell geladen ist.</translation>
    </message>
    <message>
        <source>Queued &quot;%1&quot;.</source>
        <translation>„%1“ eingereiht.</translation>
    </message>
    <message>
        <source>Open model folder (diffusers layout, with model_index.json)</source>
        <translation>Modellordner öffnen (diffusers-Layout, mit model_index.json)</translation>
    </message>
    <message>
        <source>Not a model folder</source>
        <translation>Kein Modellordner</translation>
    </message>
    <message>
        <source>%1 has no model_index.json. Choose the folder of a model in the diffusers layout.</source>
        <translation>%1 enthält keine model_index.json. Bitte den Ordner eines Modells im diffusers-Layout wählen.</translation>
    </message>
    <message>
        <source>Outputs folder</source>
        <translation>Ausgabeordner</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Sprache</translation>
    </message>
    <message>
        <source>&amp;System (%1)</source>
        <translation>&amp;System (%1)</translation>
    </message>
    <message>
        <source>Cannot use %1 as the outputs folder:
%2</source>
        <translation>%1 kann nicht als Ausgabeordner verwendet werden:
%2</translation>
    </message>
    <message>
        <source>New images go to %1.</source>
        <translation>Neue Bilder werden in %1 gespeichert.</translation>
    </message>
    <message>
        <source>New images go to %1; the job running now finishes in the old folder.</source>
        <translation>Neue Bilder werden in %1 gespeichert; der laufende Auftrag wird im alten Ordner fertig.</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <source>The new language is used when unCLIP Studio starts again.</source>
        <translation>Die neue Sprache gilt ab dem nächsten Start von unCLIP Studio.</translation>
    </message>
    <message>
        <source>Language saved; it applies after a restart.</source>
        <translation>Sprache gespeichert; sie gilt nach einem Neustart.</translation>
    </message>
</context>
<context>
    <name>unclip::ui::PromptPanel</name>
    <message>
        <source>Advanced</source>
        <translation>Erweitert</translation>
    </message>
    <message>
        <source>Generate</source>
        <translation>Erzeugen</translation>
    </message>
    <message>
        <source>Describe the picture, e.g. &quot;a red circle above a blue square&quot;.
Drop a PNG here to reuse its settings.</source>
        <translation>Das Bild beschreiben, z. B. „a red circle above a blue square“.
Ein PNG hier ablegen, um seine Einstellungen zu übernehmen.</translation>
    </message>
    <message>
        <source>Images in this job</source>
        <translation>Bilder in diesem Auftrag</translation>
    </message>
    <message>
        <source>Add the job to the queue (Ctrl+Enter)</source>
        <translation>Den Auftrag in die Warteschlange stellen (Strg+Eingabe)</translation>
    </message>
    <message>
        <source>Images:</source>
        <translation>Bilder:</translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation>Seed:</translation>
    </message>
    <message>
        <source>Prompt:</source>
        <translation>Prompt:</translation>
    </message>
    <message>
        <source>Write a prompt first.</source>
        <translation>Bitte zuerst einen Prompt eingeben.</translation>
    </message>
    <message>
        <source>The seed %1 is above 4294967295 and was not taken.</source>
        <translation>Der Seed %1 ist größer als 4294967295 und wurde nicht übernommen.</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>%1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>%1 has no generation parameters to use (%2).</source>
        <translation>%1 enthält keine verwendbaren Generierungsparameter (%2).</translation>
    </message>
    <message>
        <source>Settings restored from %1.</source>
        <translation>Einstellungen aus %1 übernommen.</translation>
    </message>
</context>
<context>
    <name>unclip::ui::QueueView</name>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Cancel all queued</source>
        <translation>Alle wartenden abbrechen</translation>
    </message>
    <message>
        <source>Abort running</source>
        <translation>Laufenden abbrechen</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <source>Clear finished</source>
        <translation>Beendete entfernen</translation>
    </message>
    <message>
        <source>Cancel the selected jobs (a running one stops after its step)</source>
        <translation>Die ausgewählten Aufträge abbrechen (ein laufender stoppt nach seinem Schritt)</translation>
    </message>
    <message>
        <source>Cancel every job that has not started; the running one goes on</source>
        <translation>Alle noch nicht gestarteten Aufträge abbrechen; der laufende läuft weiter</translation>
    </message>
    <message>
        <source>Stop the running job after its current step</source>
        <translation>Den laufenden Auftrag nach dem aktuellen Schritt stoppen</translation>
    </message>
    <message>
        <source>Start paused jobs, e.g. those restored after a restart</source>
        <translation>Angehaltene Aufträge starten, z. B. die nach einem Neustart wiederhergestellten</translation>
    </message>
    <message>
        <source>Remove finished, failed and cancelled jobs from the list</source>
        <translation>Fertige, fehlgeschlagene und abgebrochene Aufträge aus der Liste entfernen</translation>
    </message>
    <message>
        <source>No preview</source>
        <translation>Keine Vorschau</translation>
    </message>
    <message numerus="yes">
        <source>Cancelled %n job(s).</source>
        <translation>
            <numerusform>%n Auftrag abgebrochen.</numerusform>
            <numerusform>%n Aufträge abgebrochen.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Cancelled %n queued job(s).</source>
        <translation>
            <numerusform>%n wartender Auftrag abgebrochen.</numerusform>
            <numerusform>%n wartende Aufträge abgebrochen.</numerusform>
        </translation>
    </message>
    <message>
        <source>The running job stops after its current step.</source>
        <translation>Der laufende Auftrag stoppt nach dem aktuellen Schritt.</translation>
    </message>
</context>
<context>
    <name>unclip::ui::SeedControl</name>
    <message>
        <source>Seed, 0 to 4294967295</source>
        <translation>Seed, 0 bis 4294967295</translation>
    </message>
    <message>
        <source>Fixed</source>
        <translation>Fest</translation>
    </message>
    <message>
        <source>Increment per image</source>
        <translation>Pro Bild erhöhen</translation>
    </message>
    <message>
        <source>Random</source>
        <translation>Zufällig</translation>
    </message>
    <message>
        <source>Fixed: every image uses this seed. Increment: image i uses seed + i and the field moves on. Random: a new seed for every image.</source>
        <translation>Fest: Jedes Bild verwendet diesen Seed. Erhöhen: Bild i verwendet Seed + i, und das Feld rückt weiter. Zufällig: ein neuer Seed für jedes Bild.</translation>
    </message>
    <message>
        <source>Random seed</source>
        <translation>Zufälliger Seed</translation>
    </message>
    <message>
        <source>Pick a random seed</source>
        <translation>Einen zufälligen Seed wählen</translation>
    </message>
</context>
<context>
    <name>unclip::ui::VariationPanel</name>
    <message>
        <source>Drop the source image here
(file, gallery image, or paste)</source>
        <translation>Das Ausgangsbild hier ablegen
(Datei, Galeriebild oder Einfügen)</translation>
    </message>
    <message>
        <source>Advanced</source>
        <translation>Erweitert</translation>
    </message>
    <message>
        <source>Make variations</source>
        <translation>Variationen erzeugen</translation>
    </message>
    <message>
        <source>Classifier-free guidance scale of the decoder</source>
        <translation>Classifier-free-Guidance-Stärke des Decoders</translation>
    </message>
    <message>
        <source>Add the job to the queue (Ctrl+Enter)</source>
        <translation>Den Auftrag in die Warteschlange stellen (Strg+Eingabe)</translation>
    </message>
    <message>
        <source>Paste</source>
        <translation>Einfügen</translation>
    </message>
    <message>
        <source>Use the image on the clipboard</source>
        <translation>Das Bild aus der Zwischenablage verwenden</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Leeren</translation>
    </message>
    <message>
        <source>Images:</source>
        <translation>Bilder:</translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation>Seed:</translation>
    </message>
    <message>
        <source>Decoder guidance:</source>
        <translation>Decoder-Guidance:</translation>
    </message>
    <message>
        <source>Variations of %1</source>
        <translation>Variationen von %1</translation>
    </message>
    <message>
        <source>Choose a source image first: drop one on the panel or paste it.</source>
        <translation>Bitte zuerst ein Ausgangsbild wählen: auf dem Bedienfeld ablegen oder einfügen.</translation>
    </message>
</context>
</TS>
