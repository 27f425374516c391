using System.Runtime.Intrinsics;

namespace TfLite.Core.Interpreter.Simd.Integer;

/// <summary>The widest vectors an integer kernel may use; every width computes the same bits.</summary>
internal enum VectorWidth
{
    /// <summary>Plain scalar loops.</summary>
    Scalar = 0,

    /// <summary>Vector128 blocks.</summary>
    V128 = 128,

    /// <summary>Vector256 blocks (then Vector128 for what is left).</summary>
    V256 = 256,

    /// <summary>Vector512 blocks: the float kernels, and the integer output stage and dot products (other integer
    /// kernels narrow this to 256).</summary>
    V512 = 512,
}

/// <summary>Picks the widest width the hardware accelerates.</summary>
internal static class VectorWidths
{
    public static VectorWidth Best =>
        Vector256.IsHardwareAccelerated ? VectorWidth.V256
        : Vector128.IsHardwareAccelerated ? VectorWidth.V128
        : VectorWidth.Scalar;

    /// <summary>The widest width the float kernels use: Vector512 where the hardware accelerates it.</summary>
    public static VectorWidth BestFloat => Vector512.IsHardwareAccelerated ? VectorWidth.V512 : Best;

    /// <summary>The width for the integer parts written for Vector512 as well (the output stage, the GEMM's dot
    /// products): Vector512 where the hardware accelerates it and the kernel runs Vector256.</summary>
    public static VectorWidth Widest(VectorWidth kernelWidth) =>
        kernelWidth == VectorWidth.V256 && Vector512.IsHardwareAccelerated ? VectorWidth.V512 : kernelWidth;

    /// <summary><paramref name="requested"/>, narrowed to what the hardware accelerates.</summary>
    public static VectorWidth Clamp(VectorWidth requested) => (VectorWidth)Math.Min((int)requested, (int)Best);
}
