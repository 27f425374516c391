using System.Text;
using Google.Protobuf;
using TfLite.Core.TensorFlow;
using TfLite.Core.TensorFlow.Files;
using TfLite.Core.TensorFlow.Protos;
using TfLite.Core.Tests.Infrastructure;
using TfLite.Core.Tests.TensorFlow.Infrastructure;
using Xunit;
using static TfLite.Core.Tests.TensorFlow.Infrastructure.TfGraphBuilder;

namespace TfLite.Core.Tests.TensorFlow.Files;

/// <summary>
/// Protobuf text format as <c>str(graph_def)</c> and <c>tf.io.write_graph(..., as_text=True)</c> write it (Python's
/// <c>text_format.MessageToString</c>: two-space indents, <c>name {</c> blocks, enums by name, C-escaped bytes), and
/// the other spellings the format allows. The expected texts are written by hand from the format's rules.
/// </summary>
public class TextFormatParserTests
{
    // x [1, 2] -> MatMul by a [2, 1] constant (tensor_content 1.0, -2.0) -> y, as Python prints it.
    private const string PythonText = """
        node {
          name: "x"
          op: "Placeholder"
          attr {
            key: "dtype"
            value {
              type: DT_FLOAT
            }
          }
          attr {
            key: "shape"
            value {
              shape {
                dim {
                  size: -1
                }
                dim {
                  size: 2
                }
              }
            }
          }
        }
        node {
          name: "w"
          op: "Const"
          attr {
            key: "dtype"
            value {
              type: DT_FLOAT
            }
          }
          attr {
            key: "value"
            value {
              tensor {
                dtype: DT_FLOAT
                tensor_shape {
                  dim {
                    size: 2
                  }
                  dim {
                    size: 1
                  }
                }
                tensor_content: "\000\000\200?\000\000\000\300"
              }
            }
          }
        }
        node {
          name: "y"
          op: "MatMul"
          input: "x"
          input: "w"
          attr {
            key: "T"
            value {
              type: DT_FLOAT
            }
          }
          attr {
            key: "transpose_a"
            value {
              b: false
            }
          }
          attr {
            key: "transpose_b"
            value {
              b: false
            }
          }
        }
        versions {
          producer: 27
        }

        """;

    [Fact]
    public void Pythons_text_of_a_graph_parses_to_the_message_it_prints()
    {
        var g = new TfGraphBuilder();
        g.Placeholder("x", [-1, 2]);
        g.Const("w", [1f, -2f], 2, 1);
        g.MatMul("y", "x", "w");

        Assert.Equal(g.Graph, TextFormatParser.Parse<GraphDef>(PythonText, "graph.pbtxt"));
    }

    [Fact]
    public void A_text_graph_file_converts_and_runs_like_its_binary_twin()
    {
        using var dir = new TempDir();
        var path = dir.Write("graph.pbtxt", Encoding.UTF8.GetBytes(PythonText));
        var graph = TfImporter.Import(path);
        Assert.Equal([-1, 2], graph.Inputs[0].ShapeSignature!);
        var (values, _) = TfConversion.Run(graph, [3f, 0.5f]);
        Assert.Equal([3f * 1f + 0.5f * -2f], values);
    }

    [Fact]
    public void Escapes_in_bytes_octal_hex_and_named_give_the_bytes()
    {
        var tensor = TextFormatParser.Parse<TensorProto>("""tensor_content: "\000\x00\200\x3f\n\t\\\"\'" "?" """, "t.pbtxt");
        Assert.Equal(new byte[] { 0, 0, 0x80, 0x3f, (byte)'\n', (byte)'\t', (byte)'\\', (byte)'"', (byte)'\'', (byte)'?' }, tensor.TensorContent.ToByteArray());
    }

    [Fact]
    public void Numbers_negative_exponent_infinite_and_nan_and_enums_by_name_or_number()
    {
        var tensor = TextFormatParser.Parse<TensorProto>("""
            dtype: 1
            float_val: -1.5
            float_val: 1e-05
            float_val: inf
            float_val: -inf
            float_val: nan
            float_val: 2.5f
            int64_val: -9223372036854775808
            int64_val: 0x10
            """, "t.pbtxt");
        Assert.Equal(DataType.DtFloat, tensor.Dtype);
        Assert.Equal(new[] { -1.5f, 1e-05f, float.PositiveInfinity, float.NegativeInfinity }, tensor.FloatVal.Take(4));
        Assert.True(float.IsNaN(tensor.FloatVal[4]));
        Assert.Equal(2.5f, tensor.FloatVal[5]);
        Assert.Equal(new[] { long.MinValue, 16L }, tensor.Int64Val);
    }

    [Fact]
    public void Lists_colon_before_braces_angle_brackets_separators_and_comments_are_all_read()
    {
        // The same attribute map in the spellings the format allows.
        var node = TextFormatParser.Parse<NodeDef>("""
            # a comment line
            name: 'conv'   # a comment after a value
            op: "Conv2D"
            input: ["x", "w"]
            attr: { key: "strides" value: { list { i: [1, 2, 2, 1] } } }
            attr < key: "padding", value < s: "SAME" > >;
            attr { key: "dilations" value { list { i: 1 i: 1 i: 1 i: 1 } } }
            attr { key: "use_cudnn_on_gpu" value { b: True } }
            """, "n.pbtxt");
        var expected = new NodeDef { Name = "conv", Op = "Conv2D", Input = { "x", "w" } };
        expected.Attr["strides"] = Ints(1, 2, 2, 1);
        expected.Attr["padding"] = Str("SAME");
        expected.Attr["dilations"] = Ints(1, 1, 1, 1);
        expected.Attr["use_cudnn_on_gpu"] = Bool(true);
        Assert.Equal(expected, node);
    }

    [Fact]
    public void A_message_list_in_brackets_adds_every_message()
    {
        var graph = TextFormatParser.Parse<GraphDef>("""node: [{ name: "a" op: "NoOp" }, { name: "b" op: "NoOp" }] versions {}""", "g.pbtxt");
        Assert.Equal(["a", "b"], graph.Node.Select(n => n.Name));
        Assert.NotNull(graph.Versions);
    }

    public static TheoryData<string, string> BadTexts() => new()
    {
        { "node { name: \"x\n", "unterminated string" },
        { "node {\n  name: \"x\n  op: \"Const\"\n}", "line 2, column 11: unterminated string" },
        { "node { name: \"x\" bogus { a: \"open }", "unterminated string" },
        { "node { name: \"x\" bogus 1 }", "expected ':' or '{'" },
        { "node { name: \"x\" bogus: [1, 2 }", "expected ','" },
        { "node { name: \"x\" bogus { a: 1 ", "missing '}'" },
        { "node { name: 5 }", "expected a quoted string" },
        { "node { attr { key: \"T\" value { type: DT_BANANA } } }", "'DT_BANANA' is not a value of DataType" },
        { "versions { producer: \"27\" }", "expected a value" },
        { "versions { producer: 1.5 }", "'1.5' is not an integer" },
        { "node { name: \"x\"", "missing '}'" },
        { "node { attr { key: \"T\" value { b: maybe } } }", "'maybe' is not a bool" },
        { "node { name: \"\\q\" }", "unknown escape" },
        { "node 5", "expected '{'" },
    };

    [Theory]
    [MemberData(nameof(BadTexts))]
    public void Bad_text_is_a_text_format_error_with_line_column_and_cause(string text, string cause)
    {
        var e = Assert.Throws<ModelFormatException>(() => TextFormatParser.Parse<GraphDef>(text, "bad.pbtxt"));
        Assert.Equal(TfErrorIds.TextFormatInvalid, e.ErrorId);
        Assert.Contains("'bad.pbtxt' line ", e.Message);
        Assert.Contains(cause, e.Message);
    }

    [Fact]
    public void Deep_nesting_is_refused_before_it_can_overflow_the_stack()
    {
        // AttrValue.func.attr holds AttrValues again: the one recursion a GraphDef allows, nested a million times.
        const int levels = 1_000_000;
        var text = new StringBuilder("node { ");
        for (var i = 0; i < levels; i++) text.Append("attr { key: \"f\" value { func { ");
        var e = Assert.Throws<ModelFormatException>(() => TextFormatParser.Parse<GraphDef>(text.ToString(), "deep.pbtxt"));
        Assert.Equal(TfErrorIds.TextFormatInvalid, e.ErrorId);
        Assert.Contains("nested too deeply", e.Message);
    }

    [Fact]
    public void A_repeated_field_beyond_the_limit_is_refused()
    {
        var text = new StringBuilder("dtype: DT_FLOAT float_val: [0");
        for (var i = 0; i < TextFormatParser.MaxRepeatedEntries; i++) text.Append(",0");
        text.Append(']');
        var e = Assert.Throws<ModelFormatException>(() => TextFormatParser.Parse<TensorProto>(text.ToString(), "huge.pbtxt"));
        Assert.Equal(TfErrorIds.TextFormatInvalid, e.ErrorId);
        Assert.Contains("'float_val' has more than", e.Message);
    }

    [Fact]
    public void A_text_file_with_an_error_names_the_file_through_the_importer()
    {
        using var dir = new TempDir();
        var path = dir.Write("broken.pbtxt", Encoding.UTF8.GetBytes("node {\n  name: \"x\"\n  op: \"Placeholder\n}\n"));
        var e = Assert.Throws<ModelFormatException>(() => TfImporter.Import(path));
        Assert.Equal(TfErrorIds.TextFormatInvalid, e.ErrorId);
        Assert.Contains("line 3, column ", e.Message);
        Assert.Contains("unterminated string", e.Message);
        Assert.Contains("broken.pbtxt", e.Message);
    }

    [Fact]
    public void Fields_the_schema_does_not_declare_are_skipped_as_in_binary_parsing()
    {
        // Fields that newer TensorFlow versions write and the converter does not read: a message, a scalar, a list of
        // messages and a nested message with strings holding braces.
        const string text = """
            node {
              name: "x"
              op: "Placeholder"
              experimental_debug_info { original_node_names: "a{" original_node_names: "b}" }
              experimental_type { type_id: TFT_PRODUCT args { type_id: TFT_TENSOR } }
              future_flag: true
              attr { key: "dtype" value { type: DT_FLOAT } }
            }
            node { name: "y" op: "Identity" input: "x" future_list: [{ a: 1 }, { b: "2" }] future_scalars: [1, 2.5, -inf] }
            versions { producer: 1205 min_producer_hint: 12 }
            """;
        var graph = TextFormatParser.Parse<GraphDef>(text, "newer.pbtxt");
        Assert.Equal(["x", "y"], graph.Node.Select(n => n.Name));
        Assert.Equal("Placeholder", graph.Node[0].Op);
        Assert.Equal(DataType.DtFloat, graph.Node[0].Attr["dtype"].Type);
        Assert.Equal(["x"], graph.Node[1].Input);
        Assert.Equal(1205, graph.Versions.Producer);
    }
}
