using System.Buffers.Binary;
using System.Text;
using TfLite.Core.Data;
using TfLite.Core.Graph;
using TfLite.Core.Tests.Infrastructure;
using Xunit;

namespace TfLite.Core.Tests.Data;

public sealed class NpyReaderTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("x_test.npy", 2000)]
    [InlineData("x_calib.npy", 500)]
    public void ReadsMnistImages(string file, int count)
    {
        var path = SharedData.Path("datasets", "mnist", file);
        var array = NpyReader.Read(path);

        Assert.Equal(TensorType.Float32, array.ElementType);
        Assert.Equal(new[] { count, 28, 28 }, array.Shape);
        var values = Assert.IsType<float[]>(array.Data);
        // The file's header is 128 bytes (NumPy aligns data to 64); decode the floats independently.
        var raw = File.ReadAllBytes(path);
        Assert.Equal(raw.Length - 128, values.Length * 4);
        foreach (var i in new[] { 0, 1, 200, 406, values.Length / 2, values.Length - 1 })
            Assert.Equal(BinaryPrimitives.ReadSingleLittleEndian(raw.AsSpan(128 + 4 * i)), values[i]);
        Assert.All(values, v => Assert.InRange(v, 0f, 1f));
        Assert.Contains(values, v => v > 0.99f);
    }

    [Theory]
    [InlineData("y_test.npy", 2000)]
    [InlineData("y_calib.npy", 500)]
    public void ReadsMnistLabels(string file, int count)
    {
        var path = SharedData.Path("datasets", "mnist", file);
        var array = NpyReader.Read(path);

        Assert.Equal(TensorType.Int32, array.ElementType);
        Assert.Equal(new[] { count }, array.Shape);
        var labels = Assert.IsType<int[]>(array.Data);
        var raw = File.ReadAllBytes(path);
        for (int i = 0; i < count; i++) Assert.Equal(BinaryPrimitives.ReadInt32LittleEndian(raw.AsSpan(128 + 4 * i)), labels[i]);
        Assert.Equal(Enumerable.Range(0, 10), labels.Distinct().Order());
    }

    [Fact]
    public void ReadHeaderDoesNotNeedTheData()
    {
        var header = NpyReader.ReadHeader(SharedData.Path("datasets", "mnist", "x_test.npy"));
        Assert.Equal(TensorType.Float32, header.ElementType);
        Assert.False(header.BigEndian);
        Assert.False(header.FortranOrder);
        Assert.Equal(new[] { 2000, 28, 28 }, header.Shape);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void ReadsVersions2And3(byte major)
    {
        var data = new byte[] { 1, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF };
        var file = Write("v.npy", NpyBytes.Build(NpyBytes.Header("<i4", "(2,)"), data, major, 0, major == 3 ? Encoding.UTF8 : null));

        var array = NpyReader.Read(file);

        Assert.Equal(new[] { 1, -1 }, Assert.IsType<int[]>(array.Data));
    }

    [Fact]
    public void ReadsBigEndianIntegersAndFloats()
    {
        var ints = Write("i.npy", NpyBytes.Build(NpyBytes.Header(">i4", "(3,)"), NpyBytes.BigEndian(1, -2, 0x01020304)));
        Assert.Equal(new[] { 1, -2, 0x01020304 }, Assert.IsType<int[]>(NpyReader.Read(ints).Data));

        // 1.5 is 0x3FF8000000000000 and -2.0 is 0xC000000000000000 in IEEE double.
        var doubles = Write("d.npy", NpyBytes.Build(NpyBytes.Header(">f8", "(2,)"),
            [0x3F, 0xF8, 0, 0, 0, 0, 0, 0, 0xC0, 0, 0, 0, 0, 0, 0, 0]));
        Assert.Equal(new[] { 1.5, -2.0 }, Assert.IsType<double[]>(NpyReader.Read(doubles).Data));

        var shorts = Write("s.npy", NpyBytes.Build(NpyBytes.Header(">u2", "(2,)"), [0x12, 0x34, 0xFF, 0xFE]));
        Assert.Equal(new ushort[] { 0x1234, 0xFFFE }, Assert.IsType<ushort[]>(NpyReader.Read(shorts).Data));
    }

    [Theory]
    [InlineData("|i1", new byte[] { 0x80, 0x7F }, typeof(sbyte), "-128,127")]
    [InlineData("|u1", new byte[] { 0x80, 0x7F }, typeof(byte), "128,127")]
    [InlineData("<i2", new byte[] { 0x00, 0x80, 0xFF, 0x7F }, typeof(short), "-32768,32767")]
    [InlineData("<u4", new byte[] { 0xFF, 0xFF, 0xFF, 0xFF }, typeof(uint), "4294967295")]
    [InlineData("<i8", new byte[] { 0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF }, typeof(long), "-2")]
    [InlineData("<u8", new byte[] { 0, 0, 0, 0, 0, 0, 0, 0x80 }, typeof(ulong), "9223372036854775808")]
    [InlineData("<f2", new byte[] { 0x00, 0x3C, 0x00, 0xC0 }, typeof(Half), "1,-2")] // 0x3C00 = 1.0, 0xC000 = -2.0
    [InlineData("<f4", new byte[] { 0x00, 0x00, 0xC0, 0x3F }, typeof(float), "1.5")]
    [InlineData("|b1", new byte[] { 0, 1, 0 }, typeof(bool), "False,True,False")]
    public void ReadsEveryDtype(string descr, byte[] data, Type clrType, string expected)
    {
        var count = expected.Split(',').Length;
        var file = Write("t.npy", NpyBytes.Build(NpyBytes.Header(descr, $"({count},)"), data));

        var array = NpyReader.Read(file);

        Assert.Equal(clrType, array.Data.GetType().GetElementType());
        Assert.Equal(expected, string.Join(",", array.Data.Cast<object>().Select(v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture))));
    }

    [Fact]
    public void TransposesFortranOrderToCOrder()
    {
        // C order [[1,2,3],[4,5,6]] is stored column by column in Fortran order: 1,4,2,5,3,6.
        var file = Write("f.npy", NpyBytes.Build(NpyBytes.Header("<i4", "(2, 3)", fortran: true),
            new[] { 1, 4, 2, 5, 3, 6 }.SelectMany(BitConverter.GetBytes).ToArray()));

        var array = NpyReader.Read(file);

        Assert.Equal(new[] { 2, 3 }, array.Shape);
        Assert.Equal(new[] { 1, 2, 3, 4, 5, 6 }, Assert.IsType<int[]>(array.Data));
    }

    [Fact]
    public void TransposesThreeDimensionalFortranOrder()
    {
        int[] shape = [2, 3, 4];
        // Element (i,j,k) holds 100i+10j+k; Fortran order stores it at i + 2j + 6k.
        var fortran = new int[24];
        for (int i = 0; i < 2; i++) for (int j = 0; j < 3; j++) for (int k = 0; k < 4; k++)
            fortran[i + 2 * j + 6 * k] = 100 * i + 10 * j + k;
        var file = Write("f3.npy", NpyBytes.Build(NpyBytes.Header("<i4", "(2, 3, 4)", fortran: true),
            fortran.SelectMany(BitConverter.GetBytes).ToArray()));

        var values = Assert.IsType<int[]>(NpyReader.Read(file).Data);

        for (int i = 0; i < 2; i++) for (int j = 0; j < 3; j++) for (int k = 0; k < 4; k++)
            Assert.Equal(100 * i + 10 * j + k, values[i * 12 + j * 4 + k]);
    }

    [Fact]
    public void ReadsScalarsAndEmptyArrays()
    {
        var scalar = NpyReader.Read(Write("s.npy", NpyBytes.Build(NpyBytes.Header("<f4", "()"), BitConverter.GetBytes(2.5f))));
        Assert.Empty(scalar.Shape);
        Assert.Equal(new[] { 2.5f }, Assert.IsType<float[]>(scalar.Data));

        var empty = NpyReader.Read(Write("e.npy", NpyBytes.Build(NpyBytes.Header("<f4", "(0, 3)"), [])));
        Assert.Equal(new[] { 0, 3 }, empty.Shape);
        Assert.Equal(0, empty.Length);
    }

    public static TheoryData<string, byte[]> BadFiles => new()
    {
        { NpyErrorIds.NotNpyFile, Encoding.ASCII.GetBytes("PK\u0003\u0004 not an npy file at all") },
        { NpyErrorIds.NotNpyFile, [0x93, (byte)'N', (byte)'U'] },
        { NpyErrorIds.UnsupportedVersion, NpyBytes.Build(NpyBytes.Header("<f4", "(1,)"), new byte[4], major: 4) },
        { NpyErrorIds.UnsupportedVersion, NpyBytes.Build(NpyBytes.Header("<f4", "(1,)"), new byte[4], minor: 1) },
        { NpyErrorIds.Truncated, NpyBytes.Build(NpyBytes.Header("<f4", "(3,)"), new byte[11]) },
        { NpyErrorIds.Truncated, NpyBytes.Build(NpyBytes.Header("<f4", "(3,)"), [])[..20] },
        { NpyErrorIds.InvalidHeader, NpyBytes.Build("{'descr': '<f4', 'shape': (1,), }", new byte[4]) },
        { NpyErrorIds.InvalidHeader, NpyBytes.Build("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'x': 1}", new byte[4]) },
        { NpyErrorIds.InvalidHeader, NpyBytes.Build("{'descr': '<f4', 'fortran_order': False, 'shape': (-1,), }", new byte[4]) },
        { NpyErrorIds.InvalidHeader, NpyBytes.Build("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), } junk", new byte[4]) },
        { NpyErrorIds.InvalidHeader, NpyBytes.Build("not a dictionary", new byte[4]) },
        { NpyErrorIds.UnsupportedDtype, NpyBytes.Build(NpyBytes.Header("<c8", "(1,)"), new byte[8]) },
        { NpyErrorIds.UnsupportedDtype, NpyBytes.Build(NpyBytes.Header("|O", "(1,)"), new byte[8]) },
        { NpyErrorIds.UnsupportedDtype, NpyBytes.Build(NpyBytes.Header("|f4", "(1,)"), new byte[4]) },
        { NpyErrorIds.UnsupportedDtype, NpyBytes.Build("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,), }", new byte[4]) },
        { NpyErrorIds.TooLarge, NpyBytes.Build(NpyBytes.Header("<f8", "(100000, 100000)"), new byte[8]) },
        { NpyErrorIds.TooLarge, NpyBytes.Build(NpyBytes.Header("<f8", "(99999999999,)"), new byte[8]) },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void BadFilesRaiseTypedErrorsNamingTheFile(string errorId, byte[] content)
    {
        var file = Write("bad.npy", content);

        var e = Assert.Throws<ModelFormatException>(() => NpyReader.Read(file));

        Assert.Equal(errorId, e.ErrorId);
        Assert.Equal(file, e.Target);
        Assert.Contains("bad.npy", e.Message);
    }

    [Fact]
    public void TruncatedDataIsDetectedBeforeAllocating()
    {
        // 400 MB declared, 4 bytes present.
        var file = Write("big.npy", NpyBytes.Build(NpyBytes.Header("<f4", "(100000000,)"), new byte[4]));
        long before = GC.GetAllocatedBytesForCurrentThread();

        var e = Assert.Throws<ModelFormatException>(() => NpyReader.Read(file));

        Assert.Equal(NpyErrorIds.Truncated, e.ErrorId);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20);
    }

    [Fact]
    public void MissingFileIsNotReadable()
    {
        var e = Assert.Throws<ModelFormatException>(() => NpyReader.Read(Path.Combine(_dir.Path, "none.npy")));
        Assert.Equal(NpyErrorIds.FileNotReadable, e.ErrorId);
    }

    private string Write(string name, byte[] content) => _dir.Write(name, content);
}
