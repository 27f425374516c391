using System.Collections;
using TfLite.Core.Data;
using TfLite.Core.Graph;
using TfLite.Core.Inference;
using TfLite.Core.Serialization;
using TfLite.Core.Tests.Infrastructure;
using Xunit;

namespace TfLite.Core.Tests.Inference;

public sealed class ModelRunnerTests
{
    private static readonly string HelloInt8 = SharedData.Path("conformance", "tflite-micro", "models", "hello_world_int8.tflite");
    private static readonly string HelloFloat = SharedData.Path("conformance", "tflite-micro", "models", "hello_world_float.tflite");

    [Fact]
    public void FloatValuesIntoAQuantizedInputAreQuantizedWithItsParameters()
    {
        var graph = TfLiteReader.ReadFile(HelloInt8);
        var q = graph.Inputs[0].Quantization!;
        float[] x = [0.0f, 0.5f, 1.57f, 3.0f, -100f];
        // TFLite's AffineQuantize: round half away from zero of x / scale, plus the zero point, clamped to int8.
        var expectedQ = x.Select(v => (sbyte)Math.Clamp((int)MathF.Round(v / q.Scale[0], MidpointRounding.AwayFromZero) + (int)q.ZeroPoint[0], -128, 127)).ToArray();

        var fromFloat = new ModelRunner(graph).Run([new(null, new NDArray(x, 5, 1))]);
        var fromRaw = new ModelRunner(graph).Run([new(null, new NDArray(expectedQ, 5, 1))]);

        var output = Assert.Single(fromFloat);
        Assert.Equal(new[] { 5, 1 }, output.Shape);
        Assert.Equal(TensorType.Int8, output.Type);
        Assert.Equal((sbyte[])fromRaw[0].RawValues, (sbyte[])output.RawValues);
        var raw = (sbyte[])output.RawValues;
        Assert.NotNull(output.Scale);
        for (int i = 0; i < raw.Length; i++)
            Assert.Equal(output.Scale!.Value * (raw[i] - output.ZeroPoint!.Value), output.Values[i]);
    }

    [Fact]
    public void QuantizedModelTracksTheFloatSine()
    {
        var output = new ModelRunner(TfLiteReader.ReadFile(HelloInt8)).Run([new(null, new NDArray(new[] { 0.5f, 1.0f, 2.0f }, 3, 1))])[0];
        Assert.All(output.Values.Zip(new[] { 0.5, 1.0, 2.0 }), p => Assert.InRange(p.First, Math.Sin(p.Second) - 0.15, Math.Sin(p.Second) + 0.15));
    }

    [Fact]
    public void BatchOfManyEqualsOneAtATime()
    {
        var graph = TfLiteReader.ReadFile(HelloFloat);
        float[] x = [0.1f, 0.7f, 2.5f, 4f];
        var runner = new ModelRunner(graph);

        var batch = runner.Run([new(null, new NDArray(x, 4, 1))])[0];
        var single = x.Select(v => runner.Run([new(null, new NDArray(new[] { v }, 1, 1))])[0].Values[0]).ToArray();

        Assert.Equal(new[] { 4, 1 }, batch.Shape);
        Assert.Equal(single, batch.Values);
        Assert.Equal(single, (float[])batch.RawValues);
        Assert.Null(batch.Scale);
    }

    [Fact]
    public void IntegerAndDoubleValuesConvertByValue()
    {
        var runner = new ModelRunner(TfLiteReader.ReadFile(HelloFloat));
        var fromInts = runner.Run([new(null, new NDArray(new[] { 1, 2 }, 2))])[0].Values;
        var fromFloats = runner.Run([new(null, new NDArray(new[] { 1f, 2f }, 2))])[0].Values;
        Assert.Equal(fromFloats, fromInts);
    }

    [Fact]
    public void InputsBindByNameOrPosition()
    {
        var graph = TfLiteReader.ReadFile(HelloFloat);
        var name = graph.Inputs[0].Name;
        var runner = new ModelRunner(graph);
        var byName = runner.Run([new(name, new NDArray(new[] { 1f }, 1, 1))])[0].Values;
        var byPosition = runner.Run([new(null, new NDArray(new[] { 1f }, 1, 1))])[0].Values;
        Assert.Equal(byPosition, byName);
    }

    [Fact]
    public void OutputsAreNamedBySignature()
    {
        var graph = TfLiteReader.ReadFile(HelloFloat);
        var signatureName = graph.SignatureDefs[0].Outputs[0].Key;
        var output = new ModelRunner(graph).Run([new(null, new NDArray(new[] { 1f }, 1, 1))])[0];
        Assert.Equal(signatureName, output.Name);
    }

    [Fact]
    public void BindingErrorsNameTheInput()
    {
        var graph = TfLiteReader.ReadFile(HelloFloat);
        var input = graph.Inputs[0].Name;
        var runner = new ModelRunner(graph);
        var one = new NDArray(new[] { 1f }, 1, 1);

        var missing = Assert.Throws<InterpreterException>(() => runner.Run([]));
        Assert.Equal(InferenceErrorIds.MissingInput, missing.ErrorId);
        Assert.Equal(input, missing.Target);

        Assert.Equal(InferenceErrorIds.UnknownInput, Assert.Throws<InterpreterException>(() => runner.Run([new("nope", one)])).ErrorId);
        Assert.Equal(InferenceErrorIds.UnknownInput, Assert.Throws<InterpreterException>(() => runner.Run([new(null, one), new(null, one)])).ErrorId);

        var shape = Assert.Throws<InterpreterException>(() => runner.Run([new(null, new NDArray(new float[6], 2, 3))]));
        Assert.Equal(InferenceErrorIds.InputShapeMismatch, shape.ErrorId);
        Assert.Equal(input, shape.Target);
    }

    [Fact]
    public void FractionsIntoAnIntegerInputAreATypeMismatch()
    {
        var g = TfLiteGraph.CreateEmpty("ints");
        var a = g.Main.AddTensor(new Tensor("a", TensorType.Int32, [1, 2]));
        var b = g.Main.AddTensor(new Tensor("b", TensorType.Int32, [1, 2]));
        g.Main.Inputs.Add(a);
        g.Main.Outputs.Add(b);
        g.Main.AddOperator(new Operator(BuiltinOperator.Reshape, [a, g.Main.AddTensor(Tensor.Constant("shape", TensorType.Int32, [2], new[] { 1, 2 }.AsSpan()))], [b]));
        var runner = new ModelRunner(g);

        Assert.Equal(new[] { 3, -4 }, (int[])runner.Run([new(null, new NDArray(new[] { 3.0, -4.0 }, 1, 2))])[0].RawValues);
        var e = Assert.Throws<InterpreterException>(() => runner.Run([new(null, new NDArray(new[] { 0.5f, 1f }, 1, 2))]));
        Assert.Equal(InferenceErrorIds.InputTypeMismatch, e.ErrorId);
        Assert.Equal("a", e.Target);
    }

    [Fact]
    public void UnsupportedOperatorsAreListed()
    {
        var g = TfLiteGraph.CreateEmpty("unsupported");
        var a = g.Main.AddTensor(new Tensor("a", TensorType.Float32, [1, 2]));
        var b = g.Main.AddTensor(new Tensor("b", TensorType.Float32, [1, 2]));
        g.Main.Inputs.Add(a);
        g.Main.Outputs.Add(b);
        g.Main.AddOperator(new Operator(BuiltinOperator.Cumsum, [a, g.Main.AddTensor(Tensor.Constant("axis", TensorType.Int32, [], new[] { 0 }.AsSpan()))], [b]));

        var e = Assert.Throws<InterpreterException>(() => new ModelRunner(g));
        Assert.Equal(InferenceErrorIds.UnsupportedOperator, e.ErrorId);
        Assert.Contains("Cumsum", e.Message);
    }
}
