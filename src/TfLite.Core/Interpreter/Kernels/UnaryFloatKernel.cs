using TfLite.Core.Graph;

namespace TfLite.Core.Interpreter.Kernels;

/// <summary>Base of float element-wise kernels: output shape = input shape, Eval maps values.</summary>
internal abstract class UnaryFloatKernel : IKernel
{
    public virtual string? CheckSupport(OpNode node) => KernelSupport.AllOfType(node, TensorType.Float32);

    public virtual void Prepare(OpNode node) => node.SetOutputShape(0, (int[])node.Input(0).Shape.Clone());

    public void Eval(OpNode node) => Compute(node, node.Input(0).AsSpan<float>(), node.Output(0).Writable<float>());

    protected abstract void Compute(OpNode node, ReadOnlySpan<float> x, Span<float> y);
}

/// <summary>Base of float element-wise kernels whose function is a scalar library call.</summary>
internal abstract class ScalarFloatKernel : UnaryFloatKernel
{
    protected sealed override void Compute(OpNode node, ReadOnlySpan<float> x, Span<float> y)
    {
        for (int i = 0; i < x.Length; i++) y[i] = Apply(node, x[i]);
    }

    protected abstract float Apply(OpNode node, float x);
}

/// <summary>Base of float element-wise kernels with a vectorized operator.</summary>
internal abstract class VectorFloatKernel<TOp> : UnaryFloatKernel where TOp : Simd.IUnaryOperator
{
    protected sealed override void Compute(OpNode node, ReadOnlySpan<float> x, Span<float> y) =>
        Simd.SimdDriver.Unary<TOp>(x, y, node.UseSimd);
}

/// <summary>Base of the RELU family: a clamp with TFLite's comparison order.</summary>
internal abstract class ClampFloatKernel(float lo, float hi) : UnaryFloatKernel
{
    protected sealed override void Compute(OpNode node, ReadOnlySpan<float> x, Span<float> y) =>
        Simd.SimdDriver.BiasAndClamp(x, default, lo, hi, y, node.UseSimd);
}
