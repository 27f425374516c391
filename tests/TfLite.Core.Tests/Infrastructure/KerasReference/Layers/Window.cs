namespace TfLite.Core.Tests.Infrastructure.KerasReference.Layers;

/// <summary>Output size and leading padding of a sliding window along one axis, as TensorFlow defines them for
/// <c>valid</c> and <c>same</c> padding.</summary>
internal readonly record struct Window(int OutSize, int PadBefore)
{
    /// <summary>Computes the window geometry of one axis.</summary>
    public static Window Of(int inSize, int kernel, int stride, int dilation, string padding)
    {
        var effective = (kernel - 1) * dilation + 1;
        switch (padding)
        {
            case "valid":
                return new Window(inSize >= effective ? (inSize - effective) / stride + 1 : 0, 0);
            case "same":
            {
                var outSize = (inSize + stride - 1) / stride;
                var total = Math.Max((outSize - 1) * stride + effective - inSize, 0);
                return new Window(outSize, total / 2);
            }
            default:
                throw new NotSupportedException($"Padding '{padding}'.");
        }
    }
}
