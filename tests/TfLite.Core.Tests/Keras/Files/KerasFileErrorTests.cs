using System.IO.Compression;
using System.Text;
using PureHDF;
using TfLite.Core.Keras;
using TfLite.Core.Tests.Infrastructure;
using TfLite.Core.Tests.Infrastructure.KerasFiles;
using Xunit;

namespace TfLite.Core.Tests.Keras.Files;

/// <summary>Bad input gives a <see cref="ModelFormatException"/> with a stable id naming the file, never a foreign
/// exception or a hang.</summary>
public sealed class KerasFileErrorTests : IDisposable
{
    private const string TinyConfig = """{"class_name": "Sequential", "config": {"name": "s", "layers": [{"class_name": "Dense", "config": {"name": "dense", "units": 2}}]}}""";

    private readonly string _folder = Directory.CreateTempSubdirectory("keras-errors-").FullName;

    private static string RealH5 => SharedData.Path("models", "jemimav-mnist-cnn-k2.10", "mnist_model.h5");
    private static string RealKeras => SharedData.Path("models", "charm-mnist-bn-k3.13-keras", "mnist_model.keras");

    [Fact]
    public void Missing_file_is_FileNotFound()
    {
        var path = Path.Combine(_folder, "absent.h5");
        var e = AssertFails("FileNotFound", path);
        Assert.Contains("absent.h5", e.Message);
    }

    [Fact]
    public void Folder_is_FileNotFound() => AssertFails("FileNotFound", _folder);

    [Fact]
    public void Empty_file_is_TruncatedFile() => AssertFails("TruncatedFile", Write("empty.h5", []));

    [Fact]
    public void Garbage_bytes_are_NotKerasModel()
    {
        var garbage = new byte[4096];
        new Random(5).NextBytes(garbage);
        var e = AssertFails("NotKerasModel", Write("garbage.h5", garbage));
        Assert.Contains("HDF5", e.Message);
    }

    [Fact]
    public void Hdf5_without_model_config_is_NotKerasModel_and_says_what_was_looked_for()
    {
        // What save_weights writes: names and weights, no model.
        var path = Path.Combine(_folder, "weights_only.h5");
        new H5File
        {
            Attributes = new() { ["layer_names"] = new[] { "dense" }, ["keras_version"] = "2.15.0" },
            ["dense"] = new H5Group { ["dense"] = new H5Group { ["kernel:0"] = new H5Dataset(new float[] { 1, 2 }, fileDims: [1, 2]) } },
        }.Write(path);

        var e = AssertFails("NotKerasModel", path);
        Assert.Contains("model_config", e.Message);
    }

    [Fact]
    public void Model_config_that_is_not_JSON_is_InvalidModelConfig()
    {
        var path = Path.Combine(_folder, "bad_config.h5");
        new H5File { Attributes = new() { ["model_config"] = "{not json" }, ["model_weights"] = new H5Group() }.Write(path);
        AssertFails("InvalidModelConfig", path);
    }

    [Fact]
    public void Keras_file_without_model_weights_is_MissingWeights()
    {
        var path = Path.Combine(_folder, "no_weights.h5");
        new H5File { Attributes = new() { ["model_config"] = TinyConfig } }.Write(path);
        AssertFails("MissingWeights", path);
    }

    [Fact]
    public void Weight_listed_but_absent_is_MissingWeights_naming_layer_and_weight()
    {
        var path = Path.Combine(_folder, "dangling.h5");
        HandMadeH5.WriteSingleLayer(path, TinyConfig, "dense", [("dense/kernel:0", null)]);

        using var file = KerasModelFile.Open(path);
        var e = Assert.Throws<ModelFormatException>(() => file.GetWeights(["dense"]));
        Assert.Equal("MissingWeights", e.ErrorId);
        Assert.Contains("dense/kernel:0", e.Message);
    }

    [Fact]
    public void Weight_of_a_non_numeric_type_is_UnsupportedWeightType()
    {
        var path = Path.Combine(_folder, "strings.h5");
        HandMadeH5.WriteSingleLayer(path, TinyConfig, "dense", [("dense/kernel:0", new[] { "a", "b" })]);

        using var file = KerasModelFile.Open(path);
        var e = Assert.Throws<ModelFormatException>(() => file.GetWeights(["dense"]));
        Assert.Equal("UnsupportedWeightType", e.ErrorId);
    }

    [Fact]
    public void Weight_declaring_more_elements_than_the_file_holds_is_WeightTooLarge()
    {
        // Write a 12345-element weight, then raise the dimension in its dataspace to 2^40 elements.
        var path = Path.Combine(_folder, "inflated.h5");
        LegacyH5Writer.Write(path, TinyConfig, new Dictionary<string, IReadOnlyList<TestWeight>>
        {
            ["dense"] = [new TestWeight("kernel", [12345], new float[12345])],
        });
        var bytes = File.ReadAllBytes(path);
        var dims = BitConverter.GetBytes(12345UL);
        var at = bytes.AsSpan().IndexOf(dims);
        Assert.True(at > 0);
        BitConverter.GetBytes(1UL << 40).CopyTo(bytes, at);
        File.WriteAllBytes(path, bytes);

        using var file = KerasModelFile.Open(path);
        var e = Assert.Throws<ModelFormatException>(() => file.GetWeights(["dense"]));
        Assert.Equal("WeightTooLarge", e.ErrorId);
        Assert.Contains("dense/kernel:0", e.Message);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(100)]
    [InlineData(5000)]
    [InlineData(-1)]
    public void Truncated_h5_is_TruncatedFile(int keep)
    {
        var bytes = File.ReadAllBytes(RealH5);
        var length = keep < 0 ? bytes.Length - 1 : keep;
        var e = AssertFails(keep == 4 ? "NotKerasModel" : "TruncatedFile", Write("cut.h5", bytes[..length]));
        Assert.Contains("cut.h5", e.Message);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(30_000)]
    [InlineData(-100)]
    public void Truncated_keras_archive_is_TruncatedFile(int keep)
    {
        var bytes = File.ReadAllBytes(RealKeras);
        var length = keep < 0 ? bytes.Length + keep : keep;
        AssertFails("TruncatedFile", Write("cut.keras", bytes[..length]));
    }

    [Theory]
    [InlineData("sheena-mnist-mlp-k2.10", "model.h5", "flatten,dense,dense_1", false)]
    [InlineData("assachan-sine-mlp-k3.13h5", "sine_model.h5", "dense,dense_1,dense_2", false)]
    [InlineData("charm-mnist-bn-k3.13-keras", "mnist_model.keras", "conv2d,batch_normalization,dense,dense_1", false)]
    // The importer reads kernels only when a converter asks for them, after the layer's other weights.
    [InlineData("sheena-mnist-mlp-k2.10", "model.h5", "", true)]
    [InlineData("assachan-sine-mlp-k3.13h5", "sine_model.h5", "", true)]
    public async Task Corrupted_file_fails_with_a_typed_error_and_never_hangs(string slug, string fileName, string layers, bool import)
    {
        // Overwrite spans across the structural part of the file (object headers, heaps, B-trees, zip headers) with
        // random bytes, all-ones or zeros, one span at a time.
        var original = File.ReadAllBytes(SharedData.Path("models", slug, fileName));
        var rng = new Random(11);
        for (var trial = 0; trial < 30; trial++)
        {
            var bytes = (byte[])original.Clone();
            var at = rng.Next(0, Math.Min(original.Length, 40_000) - 200);
            var length = rng.Next(1, 200);
            var fill = rng.Next(3);
            for (var i = 0; i < length; i++) bytes[at + i] = fill switch { 0 => (byte)rng.Next(256), 1 => 0xFF, _ => 0 };
            var path = Write($"corrupt{trial}{Path.GetExtension(fileName)}", bytes);

            var run = Task.Run(() =>
            {
                try
                {
                    if (import)
                    {
                        KerasImporter.Import(path);
                        return;
                    }
                    using var file = KerasModelFile.Open(path);
                    foreach (var layer in layers.Split(',')) file.GetWeights([layer]);
                }
                catch (ModelFormatException)
                {
                    // Expected for most corruptions; anything else escapes and fails the test.
                }
            });
            var finished = await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(30))) == run;
            Assert.True(finished, $"reading {path} (bytes {at}..{at + length - 1} overwritten) did not finish");
            await run; // an exception other than the typed one fails the test here
        }
    }

    [Theory]
    [InlineData("../evil.txt")]
    [InlineData("layers/../../evil.txt")]
    [InlineData("/etc/evil.txt")]
    [InlineData("C:\\evil.txt")]
    [InlineData("..\\evil.txt")]
    public void Archive_entry_escaping_the_archive_is_UnsafeArchiveEntry(string entryName)
    {
        var path = Zip("unsafe.keras", ("config.json", Encoding.UTF8.GetBytes(TinyConfig)), (entryName, [1, 2, 3]));
        var e = AssertFails("UnsafeArchiveEntry", path);
        Assert.Contains(entryName, e.Message);
    }

    [Fact]
    public void Zip_without_config_is_NotKerasModel() =>
        AssertFails("NotKerasModel", Zip("plain.keras", ("readme.txt", [1, 2, 3])));

    [Fact]
    public void Archive_with_npz_weights_is_InvalidKerasArchive()
    {
        var e = AssertFails("InvalidKerasArchive",
            Zip("npz.keras", ("config.json", Encoding.UTF8.GetBytes(TinyConfig)), ("model.weights.npz", [1, 2, 3])));
        Assert.Contains("model.weights.npz", e.Message);
    }

    [Fact]
    public void Archive_whose_weights_are_not_HDF5_is_InvalidHdf5()
    {
        var path = Zip("notsh5.keras", ("config.json", Encoding.UTF8.GetBytes(TinyConfig)), ("model.weights.h5", new byte[600]));
        AssertFails("InvalidHdf5", path);
    }

    [Fact]
    public void Archive_entry_declaring_more_than_the_cap_is_ArchiveEntryTooLarge()
    {
        // A stored config.json whose central directory claims 100 MiB, over the 64 MiB cap for JSON.
        var path = Zip("huge.keras", ("config.json", Encoding.UTF8.GetBytes(TinyConfig)), ("model.weights.h5", [1]));
        var bytes = File.ReadAllBytes(path);
        PatchCentralDirectorySize(bytes, "config.json", 100 << 20);
        File.WriteAllBytes(path, bytes);

        var e = AssertFails("ArchiveEntryTooLarge", path);
        Assert.Contains("config.json", e.Message);
    }

    [Fact]
    public void Archive_entry_inflating_past_its_declared_size_is_stopped()
    {
        // A deflated config.json whose headers understate its size. The JSON starts after 50 000 spaces, so a reader
        // that stops at the declared 1000 bytes sees no JSON, while one that inflated everything would find it valid.
        var padded = new string(' ', 50_000) + TinyConfig;
        var path = Zip("liar.keras", CompressionLevel.Optimal, ("config.json", Encoding.UTF8.GetBytes(padded)), ("model.weights.h5", [1]));
        var bytes = File.ReadAllBytes(path);
        PatchCentralDirectorySize(bytes, "config.json", 1000);
        PatchLocalHeaderSize(bytes, "config.json", 1000);
        File.WriteAllBytes(path, bytes);

        var e = Assert.Throws<ModelFormatException>(() => KerasModelFile.Open(path));
        Assert.Contains(e.ErrorId, new[] { "ArchiveEntryTooLarge", "InvalidModelConfig" });
        Assert.Equal(path, e.Target);
    }

    [Fact]
    public void GetWeights_rejects_an_empty_path()
    {
        using var file = KerasModelFile.Open(RealH5);
        Assert.Throws<ArgumentException>(() => file.GetWeights([]));
    }

    private ModelFormatException AssertFails(string errorId, string path)
    {
        var e = Assert.Throws<ModelFormatException>(() => KerasModelFile.Open(path).Dispose());
        Assert.Equal(errorId, e.ErrorId);
        Assert.Equal(Path.GetFullPath(path), e.Target);
        return e;
    }

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private string Zip(string name, params (string Name, byte[] Content)[] entries) =>
        Zip(name, CompressionLevel.NoCompression, entries);

    private string Zip(string name, CompressionLevel level, params (string Name, byte[] Content)[] entries)
    {
        var path = Path.Combine(_folder, name);
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
            foreach (var (entryName, content) in entries)
            {
                using var stream = zip.CreateEntry(entryName, level).Open();
                stream.Write(content);
            }
        return path;
    }

    // Central directory file header: signature PK\1\2, uncompressed size at +24, name length at +28, name at +46.
    private static void PatchCentralDirectorySize(byte[] zip, string entry, int size) =>
        PatchSize(zip, [0x50, 0x4B, 1, 2], 24, 28, 46, entry, size);

    // Local file header: signature PK\3\4, uncompressed size at +22, name length at +26, name at +30.
    private static void PatchLocalHeaderSize(byte[] zip, string entry, int size) =>
        PatchSize(zip, [0x50, 0x4B, 3, 4], 22, 26, 30, entry, size);

    private static void PatchSize(byte[] zip, byte[] signature, int sizeAt, int nameLengthAt, int nameAt, string entry, int size)
    {
        var name = Encoding.UTF8.GetBytes(entry);
        for (var i = 0; i + nameAt + name.Length <= zip.Length; i++)
        {
            if (!zip.AsSpan(i, 4).SequenceEqual(signature)) continue;
            if (BitConverter.ToUInt16(zip, i + nameLengthAt) != name.Length || !zip.AsSpan(i + nameAt, name.Length).SequenceEqual(name)) continue;
            BitConverter.GetBytes(size).CopyTo(zip, i + sizeAt);
            return;
        }
        throw new InvalidOperationException($"No header for {entry}.");
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
