using TfLite.Core.Graph;

namespace TfLite.Core.Interpreter.Warmup;

/// <summary>
/// Adds NHWC layers to a subgraph in one element type, with fixed pseudo-random weights. For int8 every activation
/// gets a scale and zero point, weights are symmetric per output channel and biases int32, as TFLite's converter
/// lays out a full-integer model.
/// </summary>
internal sealed class LayerFactory(Subgraph subgraph, TensorType type)
{
    private const float ActivationScale = 0.05f;
    private const int ActivationZeroPoint = -10;
    private const float WeightScale = 0.01f;
    // The dense head's weights are ten times smaller, so that its logits stay within a few units and softmax
    // neither saturates nor rounds every class to the same code.
    private const float HeadWeightScale = 0.001f;
    private readonly Random _random = new(20240607);
    private int _next;

    private bool Quantized => type == TensorType.Int8;

    public Tensor Input(int side, int channels)
    {
        var t = Activation(side, side, channels);
        subgraph.Inputs.Add(t);
        return t;
    }

    public Tensor Conv(Tensor x, int outChannels, int kernel, int stride)
    {
        var output = Activation(OutSide(x, stride), OutSide(x, stride), outChannels);
        var weights = Weights([outChannels, kernel, kernel, x.Shape[3]], outChannels, WeightScale);
        var options = new Conv2DOptions { Padding = Padding.Same, StrideH = stride, StrideW = stride, FusedActivation = ActivationFunction.Relu6 };
        Add(BuiltinOperator.Conv2D, options, [x, weights, Bias(outChannels, x, WeightScale)], output);
        return output;
    }

    public Tensor Depthwise(Tensor x, int stride)
    {
        int channels = x.Shape[3];
        var output = Activation(OutSide(x, stride), OutSide(x, stride), channels);
        var weights = Weights([1, 3, 3, channels], channels, WeightScale, quantizedDimension: 3);
        var options = new DepthwiseConv2DOptions { Padding = Padding.Same, StrideH = stride, StrideW = stride, FusedActivation = ActivationFunction.Relu6 };
        Add(BuiltinOperator.DepthwiseConv2D, options, [x, weights, Bias(channels, x, WeightScale)], output);
        return output;
    }

    public Tensor MaxPool(Tensor x) => Pool(BuiltinOperator.MaxPool2D, x, filter: 2, stride: 2);

    /// <summary>A global average pool, as MobileNet's head has.</summary>
    public Tensor AveragePool(Tensor x) => Pool(BuiltinOperator.AveragePool2D, x, filter: x.Shape[1], stride: 1);

    public Tensor Flatten(Tensor x)
    {
        int features = (int)x.ElementCount;
        var output = Activation(features);
        output.Quantization = x.Quantization?.Clone();
        var shape = Tensor.Constant<int>(Name("shape"), TensorType.Int32, [2], [1, features]);
        Add(BuiltinOperator.Reshape, new ReshapeOptions { NewShape = [1, features] }, [x, subgraph.AddTensor(shape)], output);
        return output;
    }

    public Tensor Dense(Tensor x, int units)
    {
        var output = Activation(units);
        var weights = Weights([units, x.Shape[1]], 1, HeadWeightScale);
        Add(BuiltinOperator.FullyConnected, new FullyConnectedOptions(), [x, weights, Bias(units, x, HeadWeightScale)], output);
        return output;
    }

    public Tensor Softmax(Tensor x)
    {
        var output = Activation(x.Shape[1]);
        // TFLite requires softmax's int8 output on the fixed grid 1/256 from -128.
        if (Quantized) output.Quantization = QuantizationParameters.PerTensor(1f / 256, -128);
        Add(BuiltinOperator.Softmax, new SoftmaxOptions { Beta = 1f }, [x], output);
        return output;
    }

    private Tensor Pool(BuiltinOperator code, Tensor x, int filter, int stride)
    {
        int side = (x.Shape[1] - filter) / stride + 1;
        var output = Activation(side, side, x.Shape[3]);
        output.Quantization = x.Quantization?.Clone();
        var options = new Pool2DOptions { Padding = Padding.Valid, StrideH = stride, StrideW = stride, FilterHeight = filter, FilterWidth = filter };
        Add(code, options, [x], output);
        return output;
    }

    private static int OutSide(Tensor x, int stride) => (x.Shape[1] + stride - 1) / stride;

    private Tensor Activation(params int[] dims)
    {
        var shape = new int[dims.Length + 1];
        shape[0] = 1;
        dims.CopyTo(shape, 1);
        var t = new Tensor(Name("act"), type, shape);
        if (Quantized) t.Quantization = QuantizationParameters.PerTensor(ActivationScale, ActivationZeroPoint);
        return subgraph.AddTensor(t);
    }

    private Tensor Weights(int[] shape, int channels, float scale, int quantizedDimension = 0)
    {
        int count = (int)Shape.ElementCount(shape);
        Tensor t;
        if (Quantized)
        {
            var values = new sbyte[count];
            for (int i = 0; i < count; i++) values[i] = (sbyte)_random.Next(-127, 128);
            t = Tensor.Constant<sbyte>(Name("w"), TensorType.Int8, shape, values);
            t.Quantization = new QuantizationParameters
            {
                Scale = Enumerable.Repeat(scale, channels).ToArray(),
                ZeroPoint = new long[channels],
                QuantizedDimension = quantizedDimension,
            };
        }
        else
        {
            var values = new float[count];
            for (int i = 0; i < count; i++) values[i] = (float)((_random.NextDouble() - 0.5) * scale * 100);
            t = Tensor.Constant<float>(Name("w"), TensorType.Float32, shape, values);
        }
        return subgraph.AddTensor(t);
    }

    private Tensor Bias(int channels, Tensor input, float weightScale)
    {
        Tensor t;
        if (Quantized)
        {
            var values = new int[channels];
            for (int i = 0; i < channels; i++) values[i] = _random.Next(-500, 500);
            t = Tensor.Constant<int>(Name("b"), TensorType.Int32, [channels], values);
            float scale = input.Quantization!.Scale[0] * weightScale;
            t.Quantization = new QuantizationParameters
            {
                Scale = Enumerable.Repeat(scale, channels).ToArray(),
                ZeroPoint = new long[channels],
            };
        }
        else
        {
            t = Tensor.Constant<float>(Name("b"), TensorType.Float32, [channels], new float[channels]);
        }
        return subgraph.AddTensor(t);
    }

    private void Add(BuiltinOperator code, OperatorOptions options, Tensor[] inputs, Tensor output) =>
        subgraph.AddOperator(new Operator(code, inputs, [output], options));

    private string Name(string kind) => $"{kind}{_next++}";
}
