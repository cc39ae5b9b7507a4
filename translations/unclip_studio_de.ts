<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
<context>
    <name>main</name>
    <message>
        <source>unCLIP Studio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot open the outputs folder %1:
%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No model</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>unclip::ui::BlendPanel</name>
    <message>
        <source>Drop image A here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drop image B here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Advanced</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>0 is image A, 1 is image B</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Images in a row, from A (θ = 0) to B (θ = 1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One decoder seed for the whole row</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>B</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paste A</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paste B</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Swap A and B</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Render at θ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Queue one image at the slider&apos;s θ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Render row</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Queue a row of images from A to B with one seed (Ctrl+Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Blend θ:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Row length:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>θ = %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Blend %1 → %2 (%n image(s), seed %3)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>A blend needs two images: drop one on A and one on B.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>unclip::ui::GalleryView</name>
    <message>
        <source>Select an image to see how it was made.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save as…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save a copy of the image, metadata included</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy the image to the clipboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the outputs folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use all settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Put every setting of this image in the panel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use prompt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Put this image&apos;s prompt in the prompt panel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use seed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Put this image&apos;s seed in the prompt panel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send to Variations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Make variations of this image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send to Blend A</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use this image as blend image A</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send to Blend B</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use this image as blend image B</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the selected images from disk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 × %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Created</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save image as</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save as</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not save %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Image copied.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete images</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Delete %n image(s) from disk? This cannot be undone.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Deleted %n image(s).</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>unclip::ui::GenerationSettingsWidget</name>
    <message>
        <source>Prior steps:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decoder steps:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Super-res steps:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prior guidance:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decoder guidance:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resolution:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Denoising steps of the prior (text to image embedding)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Denoising steps of the 64 px decoder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Steps of the first super-resolution stage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Classifier-free guidance scale of the prior</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Classifier-free guidance scale of the decoder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 × %1 px</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>unclip::ui::ImageDropZone</name>
    <message>
        <source>Drop an image file or a gallery image here, or select and paste (Ctrl+V)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing to take.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only local image files can be used (got %1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The pasted data is not an image.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot save the pasted image: no inputs folder (%1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot save the pasted image to %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This is not an image. Drop an image file (PNG, JPEG, WebP, ...).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not a file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not an image file that can be read.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>unclip::ui::JobGroupProxyModel</name>
    <message>
        <source>%1, seed %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>unclip::ui::JobListModel</name>
    <message>
        <source>Queued</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1:%2 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1/%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2/%3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Job</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ETA</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>unclip::ui::MainWindow</name>
    <message>
        <source>unCLIP Studio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Variations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Blend</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gallery</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The seed %1 is above 4294967295 and was not taken.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seed %1 set (fixed).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Job &quot;%1&quot; failed: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open &amp;model folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Outputs folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;System theme</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Light theme</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Dark theme</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Automatic (GPU when available)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CUDA GPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Precision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>float32 (exact)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>float16 (GPU, half the memory)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bfloat16 (GPU)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Reload model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About unCLIP Studio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About unCLIP Studio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;unCLIP Studio&lt;/b&gt; %1&lt;/p&gt;&lt;p&gt;Text to image, image variations and blends with the unCLIP cascade (prior, decoder, super-resolution), run locally with LibTorch.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading model %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model loaded: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model not loaded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not load the model in %1:
%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No model folder chosen: File ▸ Open model folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Queued &quot;%1&quot;; it starts when the model has loaded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Queued &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open model folder (diffusers layout, with model_index.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not a model folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 has no model_index.json. Choose the folder of a model in the diffusers layout.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outputs folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New images go to %1 after a restart of unCLIP Studio.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>unclip::ui::PromptPanel</name>
    <message>
        <source>Advanced</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Describe the picture, e.g. &quot;a red circle above a blue square&quot;.
Drop a PNG here to reuse its settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Images in this job</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add the job to the queue (Ctrl+Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Images:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prompt:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write a prompt first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The seed %1 is above 4294967295 and was not taken.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 has no generation parameters to use (%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings restored from %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>unclip::ui::QueueView</name>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel all queued</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Abort running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear finished</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel the selected jobs (a running one stops after its step)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel every job that has not started; the running one goes on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop the running job after its current step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start paused jobs, e.g. those restored after a restart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove finished, failed and cancelled jobs from the list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No preview</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Cancelled %n job(s).</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Cancelled %n queued job(s).</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>The running job stops after its current step.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>unclip::ui::SeedControl</name>
    <message>
        <source>Seed, 0 to 4294967295</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fixed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Increment per image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Random</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fixed: every image uses this seed. Increment: image i uses seed + i and the field moves on. Random: a new seed for every image.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Random seed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pick a random seed</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>unclip::ui::VariationPanel</name>
    <message>
        <source>Drop the source image here
(file, gallery image, or paste)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Advanced</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Make variations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Classifier-free guidance scale of the decoder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add the job to the queue (Ctrl+Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paste</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use the image on the clipboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Images:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decoder guidance:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Variations of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a source image first: drop one on the panel or paste it.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
