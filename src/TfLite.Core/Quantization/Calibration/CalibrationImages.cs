using StbImageSharp;
using TfLite.Core.Graph;

namespace TfLite.Core.Quantization.Calibration;

/// <summary>A folder of PNG/JPEG/BMP images as calibration samples of a one-input image model ([1, H, W, C] or
/// [1, H, W] for grey), decoded one at a time in file-name order.</summary>
internal static class CalibrationImages
{
    private static readonly string[] Extensions = [".png", ".jpg", ".jpeg", ".bmp"];

    public static CalibrationDataset FromFolder(TfLiteGraph graph, string folder, ImagePreprocessing pre)
    {
        var inputs = CalibrationInput.Of(graph);
        if (inputs.Count != 1)
            throw new QuantizationException(CalibrationErrorIds.ShapeMismatch, $"A folder of images can only calibrate a model with one input; this one has {inputs.Count}.", folder);
        var input = inputs[0];
        var shape = input.SampleShape;
        int channels = shape.Length == 4 ? shape[3] : 1;
        if (shape.Length is not (3 or 4) || channels is not (1 or 3 or 4))
            throw new QuantizationException(CalibrationErrorIds.ShapeMismatch,
                $"Input '{input.Name}' {Shape.Format(shape)} is not an image input [1, height, width, 1|3|4].", input.Name);
        int height = shape[1], width = shape[2];
        if (pre.Size is { } size && (size.Width != width || size.Height != height))
            throw new QuantizationException(CalibrationErrorIds.ShapeMismatch,
                $"Image size {size.Width}x{size.Height} does not fit input '{input.Name}' {Shape.Format(shape)} ({width}x{height}).", input.Name);
        var files = Directory.EnumerateFiles(folder)
            .Where(f => Extensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
            .Order(StringComparer.Ordinal).ToArray();
        if (files.Length == 0)
            throw new QuantizationException(CalibrationErrorIds.NoSamples, $"The folder '{folder}' holds no .png, .jpg, .jpeg or .bmp images.", folder);
        return new CalibrationDataset(inputs, files.Length, s => [Load(files[s], width, height, channels, pre)], folder);
    }

    private static float[] Load(string file, int width, int height, int channels, ImagePreprocessing pre)
    {
        ImageResult image;
        try
        {
            using var stream = File.OpenRead(file);
            image = ImageResult.FromStream(stream, channels switch { 1 => ColorComponents.Grey, 3 => ColorComponents.RedGreenBlue, _ => ColorComponents.RedGreenBlueAlpha });
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new QuantizationException(CalibrationErrorIds.InvalidData, $"The image '{file}' cannot be decoded: {e.Message}", file, e);
        }
        var resized = ResizeBilinear(image.Data, image.Width, image.Height, channels, width, height);
        for (int i = 0; i < resized.Length; i++) resized[i] = resized[i] * pre.Scale + pre.Offset;
        return resized;
    }

    /// <summary>Bilinear resize with half-pixel centres (TensorFlow 2's <c>tf.image.resize</c>, as Keras' image
    /// loading uses), edges clamped.</summary>
    internal static float[] ResizeBilinear(byte[] pixels, int inWidth, int inHeight, int channels, int outWidth, int outHeight)
    {
        var result = new float[outWidth * outHeight * channels];
        float sy = (float)inHeight / outHeight, sx = (float)inWidth / outWidth;
        for (int y = 0; y < outHeight; y++)
        {
            float fy = Math.Clamp((y + 0.5f) * sy - 0.5f, 0f, inHeight - 1);
            int y0 = (int)fy, y1 = Math.Min(y0 + 1, inHeight - 1);
            float wy = fy - y0;
            for (int x = 0; x < outWidth; x++)
            {
                float fx = Math.Clamp((x + 0.5f) * sx - 0.5f, 0f, inWidth - 1);
                int x0 = (int)fx, x1 = Math.Min(x0 + 1, inWidth - 1);
                float wx = fx - x0;
                for (int c = 0; c < channels; c++)
                {
                    float top = pixels[(y0 * inWidth + x0) * channels + c] * (1 - wx) + pixels[(y0 * inWidth + x1) * channels + c] * wx;
                    float bottom = pixels[(y1 * inWidth + x0) * channels + c] * (1 - wx) + pixels[(y1 * inWidth + x1) * channels + c] * wx;
                    result[(y * outWidth + x) * channels + c] = top * (1 - wy) + bottom * wy;
                }
            }
        }
        return result;
    }
}
