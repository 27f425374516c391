using System.Buffers.Binary;
using Google.FlatBuffers;
using TfLite.Core.Graph;
using TfLite.Core.Serialization;
using TfLite.Core.Serialization.Writing;
using Xunit;
using Fb = TfLite.Core.Serialization.Schema;

namespace TfLite.Core.Tests.Serialization;

public sealed class ConstantTailTests
{
    [Theory]
    [InlineData(new[] { 1 })]
    [InlineData(new[] { 12 })]
    [InlineData(new[] { 16, 16, 16 })]
    [InlineData(new[] { 1, 15, 17, 0, 31, 32, 33, 4, 12 })]
    public void Each_vector_is_its_length_then_its_data_on_a_16_byte_boundary_and_everything_else_is_zero(int[] lengths)
    {
        var tail = new ConstantTail();
        var data = lengths.Select((n, i) => Enumerable.Range(1, n).Select(k => (byte)(k * 7 + i)).ToArray()).ToArray();
        foreach (var d in data) tail.Add(d);
        using var stream = new MemoryStream();

        tail.WriteTo(stream);

        var bytes = stream.ToArray();
        Assert.Equal(tail.Size, bytes.Length);
        Assert.Equal(0, bytes.Length % ConstantTail.Alignment);
        var covered = new bool[bytes.Length];
        for (var i = 0; i < data.Length; i++)
        {
            // A builder offset is measured from the tail's front; negated, it is the position in the tail.
            var offset = tail.BuilderOffset(i);
            Assert.True(offset < 0);
            var prefix = -offset;
            Assert.Equal(0, (prefix + 4) % ConstantTail.Alignment);
            Assert.Equal((uint)data[i].Length, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(prefix)));
            Assert.Equal(data[i], bytes.AsSpan(prefix + 4, data[i].Length).ToArray());
            for (var k = prefix; k < prefix + 4 + data[i].Length; k++)
            {
                Assert.False(covered[k]);
                covered[k] = true;
            }
            // Vectors added later stand in front of earlier ones, as a builder would have placed them.
            if (i > 0) Assert.True(prefix < -tail.BuilderOffset(i - 1));
        }
        Assert.All(Enumerable.Range(0, bytes.Length).Where(k => !covered[k]), k => Assert.Equal(0, bytes[k]));
    }

    [Fact]
    public void A_tail_without_vectors_takes_no_bytes()
    {
        var tail = new ConstantTail();
        using var stream = new MemoryStream();

        tail.WriteTo(stream);

        Assert.Equal(0, tail.Size);
        Assert.Equal(0, stream.Length);
    }

    [Fact]
    public void Constants_of_every_length_come_back_from_the_written_model_aligned_to_16_bytes_from_its_start()
    {
        var graph = TfLiteGraph.CreateEmpty("lengths");
        var main = graph.Main;
        var x = main.AddTensor(new Tensor("x", TensorType.Int8, [1]));
        main.Inputs.Add(x);
        var constants = new List<Tensor>();
        for (var n = 1; n <= 40; n++)
        {
            var c = main.AddTensor(new Tensor($"c{n}", TensorType.Int8, [n])
            {
                Data = Enumerable.Range(0, n).Select(k => (byte)(n * 31 + k)).ToArray(),
            });
            var y = main.AddTensor(new Tensor($"y{n}", TensorType.Int8, [n]));
            main.AddOperator(new Operator(BuiltinOperator.Add, [x, c], [y], new AddOptions()));
            main.Outputs.Add(y);
            constants.Add(c);
        }

        var bytes = TfLiteWriter.Write(graph);

        Assert.Equal(0, bytes.Length % 16);
        var model = Fb.Model.GetRootAsModel(new ByteBuffer(bytes));
        var tensors = model.Subgraphs(0)!.Value;
        for (var i = 0; i < constants.Count; i++)
        {
            var buffer = tensors.Tensors(main.Tensors.IndexOf(constants[i]))!.Value.Buffer;
            var data = model.Buffers((int)buffer)!.Value.GetDataBytes()!.Value;
            Assert.Equal(0, data.Offset % 16);
            Assert.Equal(constants[i].Data, data.ToArray());
        }
        var reread = TfLiteReader.Read(bytes);
        Assert.Equal(constants.Select(c => c.Data), constants.Select(c => reread.Main.Tensors.Single(t => t.Name == c.Name).Data));
    }
}
