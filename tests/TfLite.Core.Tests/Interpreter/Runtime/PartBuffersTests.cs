using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using TfLite.Core.Interpreter;
using Xunit;

namespace TfLite.Core.Tests.Interpreter.Runtime;

public sealed class PartBuffersTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 3)]
    [InlineData(4, 16)]
    [InlineData(3, 100)]
    public void Every_part_gets_its_length_and_no_two_parts_come_within_two_cache_lines(int parts, int length)
    {
        AssertSeparated(new PartBuffers<short>(parts, length), parts, length);
        AssertSeparated(new PartBuffers<int>(parts, length), parts, length);
        AssertSeparated(new PartBuffers<long>(parts, length), parts, length);
    }

    [Fact]
    public void What_one_part_writes_stays_in_its_buffer()
    {
        var buffers = new PartBuffers<int>(3, 5);
        for (int part = 0; part < 3; part++) buffers[part].Fill(part + 1);

        for (int part = 0; part < 3; part++) Assert.All(buffers[part].ToArray(), v => Assert.Equal(part + 1, v));
    }

    [Fact]
    public void Empty_buffers_are_allowed()
    {
        var buffers = new PartBuffers<long>(2, 0);

        Assert.Equal(0, buffers.Length);
        Assert.True(buffers[1].IsEmpty);
    }

    private static void AssertSeparated<T>(PartBuffers<T> buffers, int parts, int length) where T : unmanaged
    {
        Assert.Equal(length, buffers.Length);
        for (int a = 0; a < parts; a++)
        {
            Assert.Equal(length, buffers[a].Length);
            for (int b = a + 1; b < parts; b++)
            {
                // Byte distance from the end of part a's buffer to the start of part b's: at least 128, so that no
                // 64-byte line, nor an adjacent pair of lines, holds bytes of both.
                ref byte endOfA = ref Unsafe.Add(ref MemoryMarshal.GetReference(MemoryMarshal.AsBytes(buffers[a])), length * Unsafe.SizeOf<T>());
                ref byte startOfB = ref MemoryMarshal.GetReference(MemoryMarshal.AsBytes(buffers[b]));
                Assert.True(Unsafe.ByteOffset(ref endOfA, ref startOfB) >= 128);
            }
        }
    }
}
