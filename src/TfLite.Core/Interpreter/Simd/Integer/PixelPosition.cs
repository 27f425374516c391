using TfLite.Core.Interpreter.Reference.Integer;

namespace TfLite.Core.Interpreter.Simd.Integer;

/// <summary>An output pixel's batch, row and column, stepped along the pixels in order without a division per
/// pixel.</summary>
internal readonly record struct PixelPosition(int Batch, int Y, int X)
{
    /// <summary>The position of flat pixel index <paramref name="pixel"/> in an output of shape
    /// <paramref name="output"/> (batch, height, width, channels).</summary>
    public static PixelPosition Of(int pixel, Dims4 output)
    {
        int rest = pixel / output.D2;
        return new PixelPosition(rest / output.D1, rest % output.D1, pixel % output.D2);
    }

    /// <summary>The next pixel in row-major order.</summary>
    public PixelPosition Next(Dims4 output) =>
        X + 1 < output.D2 ? this with { X = X + 1 }
        : Y + 1 < output.D1 ? new PixelPosition(Batch, Y + 1, 0)
        : new PixelPosition(Batch + 1, 0, 0);
}
