namespace TfLite.Core.Interpreter.Simd.Float;

/// <summary>Walks output pixels (batch, y, x) in order from a flat index, so that a kernel divides once per range
/// instead of once per pixel.</summary>
internal struct PixelCursor(int pixel, int height, int width)
{
    public int X = pixel % width;
    public int Y = pixel / width % height;
    public int Batch = pixel / width / height;

    public void Next()
    {
        if (++X < width) return;
        X = 0;
        if (++Y < height) return;
        Y = 0;
        Batch++;
    }
}
