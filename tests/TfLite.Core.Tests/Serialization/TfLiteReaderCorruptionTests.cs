using System.Diagnostics;
using TfLite.Core.Graph;
using TfLite.Core.Serialization;
using TfLite.Core.Tests.Infrastructure;
using Xunit;
using Fb = TfLite.Core.Serialization.Schema;

namespace TfLite.Core.Tests.Serialization;

/// <summary>Broken files must raise <see cref="ModelFormatException"/>: no other exception, no hang, no allocation
/// out of proportion to the file.</summary>
public sealed class TfLiteReaderCorruptionTests
{
    private static readonly string SineModel = SharedData.Path("models", "assachan-sine-mlp-k3.13h5", "sine_model.tflite");

    // Larger than 32 KiB, so that tables lie beyond the first 32 KiB (where Google.FlatBuffers' own verifier fails).
    private static readonly string MnistModel = SharedData.Path("models", "jhonatan-mnist-gap-k3.14h5", "model_base.tflite");

    [Fact]
    public void Every_truncation_of_a_small_model_is_rejected_or_loses_nothing()
    {
        var bytes = File.ReadAllBytes(SineModel);
        var whole = TfLiteReader.Read(bytes);
        var rejected = 0;
        for (var length = 0; length < bytes.Length; length++)
            if (ReadOrReject(bytes.AsMemory(0, length)) is { } graph)
                Assert.Empty(GraphComparer.Differences(whole, graph)); // only unreferenced padding was cut
            else
                rejected++;
        Assert.True(rejected > bytes.Length * 9 / 10, $"only {rejected} of {bytes.Length} truncations were rejected");
    }

    [Fact]
    public void Truncations_of_a_model_over_32_KiB_are_rejected_as_truncated()
    {
        var bytes = File.ReadAllBytes(MnistModel);
        Assert.True(bytes.Length > 64 * 1024);
        for (var length = 8; length < bytes.Length - 64; length += 997)
        {
            var e = Assert.Throws<ModelFormatException>(() => TfLiteReader.Read(bytes.AsMemory(0, length), "cut.tflite"));
            Assert.Equal(TfLiteErrorIds.TruncatedFile, e.ErrorId);
            Assert.StartsWith("cut.tflite: ", e.Message);
            Assert.Equal("cut.tflite", e.Target);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    [InlineData(7)]
    public void A_file_shorter_than_a_header_is_truncated(int length)
    {
        var e = Assert.Throws<ModelFormatException>(() => TfLiteReader.Read(new byte[length]));
        Assert.Equal(TfLiteErrorIds.TruncatedFile, e.ErrorId);
    }

    [Fact]
    public void A_wrong_file_identifier_is_not_a_tflite_model()
    {
        var bytes = File.ReadAllBytes(SineModel);
        "TFL2"u8.CopyTo(bytes.AsSpan(4));
        var e = Assert.Throws<ModelFormatException>(() => TfLiteReader.Read(bytes, "renamed.tflite"));
        Assert.Equal(TfLiteErrorIds.InvalidFile, e.ErrorId);
        Assert.Contains("identifier", e.Message);
        Assert.Contains("0x54464C32", e.Message);
    }

    [Fact]
    public void Another_kind_of_file_is_not_a_tflite_model()
    {
        var hdf5 = File.ReadAllBytes(SharedData.Path("models", "assachan-sine-mlp-k3.13h5", "sine_model.h5"));
        var e = Assert.Throws<ModelFormatException>(() => TfLiteReader.Read(hdf5));
        Assert.Equal(TfLiteErrorIds.InvalidFile, e.ErrorId);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Single_byte_corruptions_are_rejected_or_read_without_crashing(int seed)
    {
        foreach (var path in new[] { SineModel, MnistModel })
        {
            var original = File.ReadAllBytes(path);
            var random = new Random(seed);
            for (var i = 0; i < 400; i++)
            {
                var bytes = (byte[])original.Clone();
                bytes[random.Next(bytes.Length)] ^= (byte)random.Next(1, 256);
                ReadOrReject(bytes);
            }
        }
    }

    [Theory]
    [InlineData("conformance/tflite-micro/models/person_detect.tflite")]
    [InlineData("models/jemimav-mnist-cnn-k2.10/model_optimized.tflite")]
    [InlineData("conformance/tflite-micro/seanet/conv/conv0.tflite")]
    public void Corrupted_offsets_and_lengths_are_rejected_or_read_without_crashing(string model)
    {
        // Words written at aligned places hit offsets, vtable entries and lengths, where a reader is most fragile;
        // the tables sit at the start of TensorFlow's files.
        var original = File.ReadAllBytes(TfLiteCorpus.PathOf(model));
        var random = new Random(model.Length);
        for (var i = 0; i < 1500; i++)
        {
            var bytes = (byte[])original.Clone();
            var at = random.Next(0, Math.Min(bytes.Length, 8192) - 4);
            _ = (i % 4) switch
            {
                0 => BitConverter.TryWriteBytes(bytes.AsSpan(at & ~3), random.Next()),
                1 => BitConverter.TryWriteBytes(bytes.AsSpan(at & ~3), random.Next(-64, 64)),
                2 => BitConverter.TryWriteBytes(bytes.AsSpan(at & ~3), random.Next(0, bytes.Length)),
                _ => BitConverter.TryWriteBytes(bytes.AsSpan(at & ~1), (short)random.Next(short.MinValue, -1)), // vtable entries
            };
            ReadOrReject(bytes);
        }
    }

    [Fact]
    public void A_vtable_entry_beyond_32_KiB_is_invalid()
    {
        // Flatbuffer vtable entries are unsigned 16-bit, but the C# accessors read them as signed: 0xFF9C is 65436 to
        // a verifier and -100 to an accessor. In a file over 64 KiB both readings could point inside the buffer, so
        // such entries must be refused rather than verified one way and read the other.
        var bytes = File.ReadAllBytes(TfLiteCorpus.PathOf("conformance/tflite-micro/models/person_detect.tflite"));
        var root = BitConverter.ToInt32(bytes, 0);
        var vtable = root - BitConverter.ToInt32(bytes, root);
        BitConverter.TryWriteBytes(bytes.AsSpan(vtable + 4), (short)-100); // Model.version
        var e = Assert.Throws<ModelFormatException>(() => TfLiteReader.Read(bytes));
        Assert.Equal(TfLiteErrorIds.InvalidFile, e.ErrorId);
        Assert.Contains("vtable entry 65436 is too large", e.Message);
    }

    [Fact]
    public void Heavy_random_corruption_is_rejected_or_read_without_crashing()
    {
        var original = File.ReadAllBytes(SineModel);
        var random = new Random(7);
        for (var i = 0; i < 1000; i++)
        {
            var bytes = (byte[])original.Clone();
            for (var j = random.Next(1, 40); j > 0; j--)
                bytes[random.Next(8, bytes.Length)] = (byte)random.Next(256);
            ReadOrReject(bytes);
        }
    }

    [Fact]
    public void The_error_of_a_broken_file_on_disk_names_the_file()
    {
        var dir = Directory.CreateTempSubdirectory("tfio-");
        try
        {
            var path = Path.Combine(dir.FullName, "half.tflite");
            var bytes = File.ReadAllBytes(SineModel);
            File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
            var e = Assert.Throws<ModelFormatException>(() => TfLiteReader.ReadFile(path));
            Assert.Equal(TfLiteErrorIds.TruncatedFile, e.ErrorId);
            Assert.Equal(path, e.Target);
            Assert.StartsWith(path + ": the flatbuffer is truncated: ", e.Message);
            Assert.Contains("beyond the end of the 1582-byte buffer", e.Message);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_crafted_model_reads()
    {
        var graph = TfLiteReader.Read(new CraftedModel().Build());
        var add = Assert.Single(graph.Main.Operators);
        Assert.Equal(BuiltinOperator.Add, add.Code);
        Assert.Equal(["t0", "t1"], add.Inputs.Select(t => t!.Name));
        Assert.Equal(new AddOptions(), add.Options);
    }

    [Fact]
    public void Another_schema_version_is_unsupported()
    {
        var e = Assert.Throws<ModelFormatException>(() => TfLiteReader.Read(new CraftedModel { Version = 2 }.Build()));
        Assert.Equal(TfLiteErrorIds.UnsupportedSchema, e.ErrorId);
        Assert.Contains("schema version 2", e.Message);
    }

    [Theory]
    [InlineData(new[] { 0, 3 }, new[] { 2 }, "subgraph 0: operator 0: input tensor index 3 is out of range")]
    [InlineData(new[] { 0, -2 }, new[] { 2 }, "subgraph 0: operator 0: input tensor index -2 is out of range")]
    [InlineData(new[] { 0, 1 }, new[] { -1 }, "subgraph 0: operator 0: output tensor index -1 is out of range")]
    public void Tensor_indices_out_of_range_are_invalid(int[] inputs, int[] outputs, string message)
    {
        var e = Assert.Throws<ModelFormatException>(() =>
            TfLiteReader.Read(new CraftedModel { AddInputs = inputs, AddOutputs = outputs }.Build()));
        Assert.Equal(TfLiteErrorIds.InvalidFile, e.ErrorId);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void An_omitted_optional_input_reads_as_null()
    {
        var graph = TfLiteReader.Read(new CraftedModel { AddInputs = [0, -1] }.Build());
        Assert.Null(graph.Main.Operators[0].Inputs[1]);
    }

    [Fact]
    public void A_subgraph_input_out_of_range_is_invalid()
    {
        var e = Assert.Throws<ModelFormatException>(() => TfLiteReader.Read(new CraftedModel { SubgraphInputs = [9] }.Build()));
        Assert.Equal(TfLiteErrorIds.InvalidFile, e.ErrorId);
        Assert.Contains("subgraph input tensor index 9", e.Message);
    }

    [Fact]
    public void Options_of_another_operator_are_invalid()
    {
        var e = Assert.Throws<ModelFormatException>(() =>
            TfLiteReader.Read(new CraftedModel { OptionsType = Fb.BuiltinOptions.Conv2DOptions }.Build()));
        Assert.Equal(TfLiteErrorIds.InvalidFile, e.ErrorId);
        Assert.Contains("a Add operator carries Conv2DOptions instead of AddOptions", e.Message);
    }

    [Fact]
    public void Tables_sharing_one_large_vector_are_stopped_before_they_exhaust_memory()
    {
        // 20 000 tensors all pointing at one 20 000-dim shape: a 1 MB file that would expand to 1.6 GB of shapes.
        var bytes = new CraftedModel { TensorCount = 20_000, TensorShape = new int[20_000], ShareOneShapeVector = true }.Build();
        Assert.True(bytes.Length < 1_000_000);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<ModelFormatException>(() => TfLiteReader.Read(bytes));
        Assert.Equal(TfLiteErrorIds.InvalidFile, e.ErrorId);
        Assert.Contains("refer to the same data over and over", e.Message);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 64L * bytes.Length);
    }

    // Reads corrupted bytes: a graph when they still form a valid model, null when rejected. Anything but a
    // ModelFormatException, a slow read or a large allocation fails the test.
    private static TfLiteGraph? ReadOrReject(ReadOnlyMemory<byte> bytes)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        try
        {
            return TfLiteReader.Read(bytes);
        }
        catch (ModelFormatException e)
        {
            Assert.Contains(e.ErrorId, new[] { TfLiteErrorIds.InvalidFile, TfLiteErrorIds.TruncatedFile, TfLiteErrorIds.UnsupportedSchema });
            return null;
        }
        finally
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"reading took {clock.Elapsed}");
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.True(allocated < 64L * bytes.Length + (4 << 20), $"reading {bytes.Length} bytes allocated {allocated}");
        }
    }
}
