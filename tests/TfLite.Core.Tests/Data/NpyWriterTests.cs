using System.IO.Compression;
using System.Text;
using TfLite.Core.Data;
using TfLite.Core.Graph;
using TfLite.Core.Tests.Infrastructure;
using Xunit;

namespace TfLite.Core.Tests.Data;

public sealed class NpyWriterTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("x_calib.npy")]
    [InlineData("y_calib.npy")]
    public void RewritesSharedFilesWithTheSameLayoutAndData(string file)
    {
        // Same 128-byte header (64-byte alignment) and the same data bytes; the header's spacing may differ.
        var original = File.ReadAllBytes(SharedData.Path("datasets", "mnist", file));
        var copy = Path.Combine(_dir.Path, file);

        NpyWriter.Write(copy, NpyReader.Read(SharedData.Path("datasets", "mnist", file)));

        var written = File.ReadAllBytes(copy);
        Assert.Equal(original.Length, written.Length);
        Assert.Equal(original[..10], written[..10]);
        Assert.Equal(original[128..], written[128..]);
    }

    public static TheoryData<Array, int[]> Arrays => new()
    {
        { new float[] { 1.5f, -2f, float.NaN, float.PositiveInfinity, 0f, 3e-38f }, [2, 3] },
        { new double[] { Math.PI }, [] },
        { new Half[] { (Half)0.5f, (Half)(-1f) }, [2, 1] },
        { new sbyte[] { -128, 0, 127 }, [3] },
        { new byte[] { 0, 255 }, [1, 2] },
        { new short[] { short.MinValue, short.MaxValue }, [2] },
        { new ushort[] { 0, ushort.MaxValue }, [2] },
        { new int[] { int.MinValue, 7 }, [2] },
        { new uint[] { uint.MaxValue }, [1] },
        { new long[] { long.MinValue, 1 }, [2] },
        { new ulong[] { ulong.MaxValue }, [1] },
        { new bool[] { true, false, true }, [3] },
        { Array.Empty<float>(), [0, 4] },
    };

    [Theory]
    [MemberData(nameof(Arrays))]
    public void RoundTripsEveryType(Array data, int[] shape)
    {
        var file = Path.Combine(_dir.Path, "a.npy");

        NpyWriter.Write(file, new NDArray(data, shape));
        var back = NpyReader.Read(file);

        Assert.Equal(shape, back.Shape);
        Assert.Equal(data.GetType(), back.Data.GetType());
        Assert.Equal(data.Cast<object>(), back.Data.Cast<object>());
        var bytes = File.ReadAllBytes(file);
        int headerEnd = Array.IndexOf(bytes, (byte)'\n') + 1;
        Assert.Equal(0, headerEnd % 64);
    }

    [Fact]
    public void HeaderIsTheDictionaryNumPyWrites()
    {
        var file = Path.Combine(_dir.Path, "h.npy");
        NpyWriter.Write(file, new NDArray(new short[6], 2, 3));

        var bytes = File.ReadAllBytes(file);
        Assert.Equal(new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0 }, bytes[..8]);
        int length = BitConverter.ToUInt16(bytes, 8);
        var header = Encoding.Latin1.GetString(bytes, 10, length);
        Assert.Equal("{'descr': '<i2', 'fortran_order': False, 'shape': (2, 3), }", header.TrimEnd(' ', '\n'));
        Assert.Equal(128 + 12, bytes.Length);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void NpzRoundTripsNamesInOrder(bool compress)
    {
        var file = Path.Combine(_dir.Path, "a.npz");
        var x = new NDArray(new float[] { 1, 2, 3, 4 }, 2, 2);
        var y = new NDArray(new int[] { 7 }, 1);

        NpyWriter.WriteNpz(file, [new("x", x), new("labels", y)], compress);
        var back = NpzReader.Read(file);

        Assert.Equal(new[] { "x", "labels" }, back.Select(p => p.Key));
        Assert.Equal(new float[] { 1, 2, 3, 4 }, Assert.IsType<float[]>(back[0].Value.Data));
        Assert.Equal(new[] { 2, 2 }, back[0].Value.Shape);
        Assert.Equal(new[] { 7 }, Assert.IsType<int[]>(back[1].Value.Data));
        Assert.True(NpzReader.IsZip(file));
        using var zip = ZipFile.OpenRead(file);
        Assert.Equal(new[] { "x.npy", "labels.npy" }, zip.Entries.Select(e => e.FullName));
        Assert.All(zip.Entries, e => Assert.Equal(compress, e.CompressedLength < e.Length));
    }

    [Fact]
    public void NpzReadsMnistDeflatedWithoutExtracting()
    {
        var file = Path.Combine(_dir.Path, "mnist.npz");
        using (var zip = ZipFile.Open(file, ZipArchiveMode.Create))
        {
            zip.CreateEntryFromFile(SharedData.Path("datasets", "mnist", "x_calib.npy"), "x_calib.npy", CompressionLevel.Fastest);
            zip.CreateEntryFromFile(SharedData.Path("datasets", "mnist", "y_calib.npy"), "y_calib.npy", CompressionLevel.NoCompression);
            zip.CreateEntry("readme.txt");
        }

        var arrays = NpzReader.Read(file);

        Assert.Equal(new[] { "x_calib", "y_calib" }, arrays.Select(a => a.Key));
        Assert.Equal(new[] { 500, 28, 28 }, arrays[0].Value.Shape);
        Assert.Equal((float[])NpyReader.Read(SharedData.Path("datasets", "mnist", "x_calib.npy")).Data, (float[])arrays[0].Value.Data);
        Assert.Equal(Directory.GetFiles(_dir.Path), new[] { file });
    }

    [Fact]
    public void NpzErrorsNameTheFileAndEntry()
    {
        var notZip = _dir.Write("n.npz", Encoding.ASCII.GetBytes("this is no zip archive"));
        Assert.Equal(NpyErrorIds.InvalidNpz, Assert.Throws<ModelFormatException>(() => NpzReader.Read(notZip)).ErrorId);

        var broken = Path.Combine(_dir.Path, "b.npz");
        using (var zip = ZipFile.Open(broken, ZipArchiveMode.Create))
        using (var s = zip.CreateEntry("w.npy").Open())
            s.Write(NpyBytes.Build(NpyBytes.Header("<f4", "(10,)"), new byte[8]));
        var e = Assert.Throws<ModelFormatException>(() => NpzReader.Read(broken));
        Assert.Equal(NpyErrorIds.Truncated, e.ErrorId);
        Assert.Equal(broken + ":w.npy", e.Target);
    }

    [Fact]
    public void FailedWriteLeavesNothingBehind()
    {
        var file = Path.Combine(_dir.Path, "x.npy");
        File.WriteAllText(file, "old");
        // An NDArray cannot hold a decimal[], so an unwritable array must come through a failing stream instead:
        // an npz whose second array fails half-way leaves the old file and no temporary file.
        var bad = new ThrowingEnumerable(new NDArray(new float[] { 1 }, 1));
        Assert.Throws<InvalidOperationException>(() => NpyWriter.WriteNpz(file, bad));
        Assert.Equal("old", File.ReadAllText(file));
        Assert.Single(Directory.GetFiles(_dir.Path));
    }

    private sealed class ThrowingEnumerable(NDArray first) : IEnumerable<KeyValuePair<string, NDArray>>
    {
        public IEnumerator<KeyValuePair<string, NDArray>> GetEnumerator()
        {
            yield return new("first", first);
            throw new InvalidOperationException("disk on fire");
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
