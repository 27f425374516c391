BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
}

$PathTestCommand = 'Import-TfModel'
. (Join-Path $PSScriptRoot 'ModelFilePaths.ps1')

Describe 'Import-TfModel parameters' {
    It 'has the options of TensorFlow''s converter in both parameter sets' {
        $parameters = (Get-Command Import-TfModel).Parameters
        $parameters['InputName'].ParameterType | Should -Be ([string[]])
        $parameters['OutputName'].ParameterType | Should -Be ([string[]])
        $parameters['InputShape'].ParameterType | Should -Be ([hashtable])
        $parameters['Checkpoint'].ParameterType | Should -Be ([string])
        $parameters['SignatureName'].ParameterType | Should -Be ([string])
        $parameters['Tag'].ParameterType | Should -Be ([string[]])
        $parameters['NoOptimize'].SwitchParameter | Should -BeTrue
        foreach ($name in 'InputName', 'OutputName', 'InputShape', 'Checkpoint', 'SignatureName', 'Tag', 'NoOptimize') {
            $parameters[$name].ParameterSets.Keys | Should -Be '__AllParameterSets'
        }
    }

    It 'declares TfLiteGraph as its output' {
        (Get-Command Import-TfModel).OutputType.Name | Should -Be 'TfLite.Core.Graph.TfLiteGraph'
    }

    It 'has help with examples' {
        $help = Get-Help Import-TfModel -Full
        $help.Synopsis | Should -Match 'TensorFlow'
        @($help.Examples.Example).Count | Should -BeGreaterOrEqual 4
    }
}

Describe 'Import-TfModel conversion of a frozen quantization-aware graph' {
    BeforeAll {
        # tools/SampleModels demo-fakequant: input [1,8,8,1] -> Conv2D 3x3x4 + BiasAdd -> Relu -> FakeQuant(0, 6) ->
        # MaxPool 2x2 -> Reshape [1,64] -> MatMul 64x3 + BiasAdd -> FakeQuant(-4, 4) -> Identity 'logits'.
        $script:Frozen = New-SampleModel demo-fakequant (Join-Path $TestDrive 'qat_frozen.pb')
    }

    It 'converts the graph with its inputs, outputs and the FakeQuant ranges on the activations' {
        $graph = Import-TfModel $Frozen
        @($graph).Count | Should -Be 1
        $graph.SourcePath | Should -Be $Frozen
        $graph.Inputs[0].Name | Should -Be 'input'
        $graph.Inputs[0].Shape | Should -Be @(1, 8, 8, 1)
        $graph.Outputs[0].Shape | Should -Be @(1, 3)
        # Every constant element counts: the weights and biases, and the RESHAPE's shape tensor [1, 64].
        $graph.ParameterCount | Should -Be ((3 * 3 * 1 * 4 + 4) + (64 * 3 + 3) + 2)
        $codes = @($graph.Main.Operators | ForEach-Object { $_.Code.ToString() })
        $codes | Should -Contain 'Conv2D'
        $codes | Should -Contain 'MaxPool2D'
        $codes | Should -Contain 'FullyConnected'
        # The range of FakeQuant(-4, 4), before or after TensorFlow's nudging, spans 8.
        $range = $graph.Outputs[0].Quantization
        ($range.Max[0] - $range.Min[0]) | Should -BeGreaterThan (8 - 1e-4)
        ($range.Max[0] - $range.Min[0]) | Should -BeLessThan (8 + 1e-4)
    }

    It 'quantizes to uint8 from the graph''s own ranges with no calibration data' {
        $uint8 = Import-TfModel $Frozen | Optimize-TfLiteModel -Mode Int8 -InputType UInt8 -OutputType UInt8 -InputStats 0, 1
        $uint8.Inputs[0].Type.ToString() | Should -Be 'UInt8'
        # Input stats (mean 0, std 1): real = (q - 0) / 1, so scale 1 and zero point 0.
        $uint8.Inputs[0].Quantization.Scale[0] | Should -Be 1
        $uint8.Inputs[0].Quantization.ZeroPoint[0] | Should -Be 0
        # FakeQuant(-4, 4) on 8 bits: scale 8/255; TensorFlow nudges the zero point in float32, where 4 / (8/255)
        # comes out just under 127.5, so it rounds to 127.
        $uint8.Outputs[0].Quantization.Scale[0] | Should -BeGreaterThan (8 / 255 - 1e-6)
        $uint8.Outputs[0].Quantization.Scale[0] | Should -BeLessThan (8 / 255 + 1e-6)
        $uint8.Outputs[0].Quantization.ZeroPoint[0] | Should -Be 127
    }

    It 'stops at a named output: the nodes after it are not converted' {
        $graph = Import-TfModel $Frozen -OutputName pool/MaxPool
        $graph.Outputs[0].Shape | Should -Be @(1, 4, 4, 4)
        @($graph.Main.Operators | Where-Object { $_.Code.ToString() -eq 'FullyConnected' }).Count | Should -Be 0
    }

    It 'reports an output that the graph does not have, naming it' {
        $out = Import-TfModel $Frozen -OutputName no/such/node -ErrorVariable err -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $err.Count | Should -Be 1
        $err[0].Exception.Message | Should -Match 'no/such/node'
        $err[0].TargetObject | Should -Be $Frozen
    }

    It 'reports a truncated graph as malformed, naming the file' {
        $truncated = New-TruncatedCopy $Frozen (Join-Path $TestDrive 'truncated.pb')
        Import-TfModel $truncated -ErrorVariable err -ErrorAction SilentlyContinue
        $err.Count | Should -Be 1
        $err[0].CategoryInfo.Category | Should -Be 'InvalidData'
        $err[0].Exception.Message | Should -Match 'truncated\.pb'
    }

    It 'refuses an -InputShape that is not a list of integers' {
        { Import-TfModel $Frozen -InputShape @{ input = 'wide' } -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidInputShape*'
    }

    It 'takes a folder only when it is a SavedModel' {
        $folder = New-Item -ItemType Directory (Join-Path $TestDrive 'not_a_saved_model')
        Import-TfModel -LiteralPath $folder.FullName -ErrorVariable err -ErrorAction SilentlyContinue
        Get-ErrorId $err[0] | Should -Be 'PathIsDirectory'
        $err[0].Exception.Message | Should -Match 'saved_model.pb'
    }
}

Describe 'Import-TfModel conversion of SavedModel folders' {
    BeforeAll {
        # tools/SampleModels demo-savedmodel: a TF2 SavedModel whose serving_default (input x [None, 4], output
        # output_0) calls a function computing relu(x @ kernel + bias) on captured variables (kernel [4, 3], bias [3]);
        # its "logits" signature leaves out the relu.
        $script:SavedModel = New-SampleModel demo-savedmodel (Join-Path $TestDrive 'dense_savedmodel')
        $script:KerasSavedModel = New-SampleModel demo-keras-savedmodel (Join-Path $TestDrive 'keras_savedmodel')
    }

    It 'converts the serving_default signature with its keys and the saved variables' {
        $graph = Import-TfModel $SavedModel
        @($graph).Count | Should -Be 1
        $graph.SignatureDefs[0].Key | Should -Be 'serving_default'
        $graph.SignatureDefs[0].Inputs[0].Key | Should -Be 'x'
        $graph.SignatureDefs[0].Outputs[0].Key | Should -Be 'output_0'
        $graph.Inputs[0].ShapeText | Should -Be '[-1,4]'
        $graph.Outputs[0].ShapeText | Should -Be '[-1,3]'
        $graph.ParameterCount | Should -Be (4 * 3 + 3)
    }

    It 'takes saved_model.pb as the folder' {
        $graph = Import-TfModel (Join-Path $SavedModel 'saved_model.pb')
        $graph.ParameterCount | Should -Be (4 * 3 + 3)
    }

    It 'converts the signature that -SignatureName names' {
        $graph = Import-TfModel $SavedModel -SignatureName logits
        $graph.SignatureDefs[0].Key | Should -Be 'logits'
        $graph.SignatureDefs[0].Outputs[0].Key | Should -Be 'logits'
        ($graph.Main.Operators | ForEach-Object { $_.Options.FusedActivation }) | Should -Not -Contain 'Relu'
    }

    It 'reports a missing signature as TfSignatureNotFound, listing those present' {
        Import-TfModel $SavedModel -SignatureName predict -ErrorVariable err -ErrorAction SilentlyContinue
        $err.Count | Should -Be 1
        Get-ErrorId $err[0] | Should -Be 'TfSignatureNotFound'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidData'
        $err[0].Exception.Message | Should -Match 'logits, serving_default'
    }

    It 'reports tags that no MetaGraph carries as TfSavedModelTagsNotFound, listing the tag-sets' {
        Import-TfModel $SavedModel -Tag serve, gpu -ErrorVariable err -ErrorAction SilentlyContinue
        Get-ErrorId $err[0] | Should -Be 'TfSavedModelTagsNotFound'
        $err[0].Exception.Message | Should -Match '\{serve\}'
        (Import-TfModel $SavedModel -Tag serve).ParameterCount | Should -Be (4 * 3 + 3)
    }

    It 'converts a Keras SavedModel through the Keras layers' {
        $graph = Import-TfModel $KerasSavedModel
        $graph.Outputs[0].ShapeText | Should -Be '[-1,3]'
        # Conv2D and Dense weights, and the two values of Flatten's new shape.
        $graph.ParameterCount | Should -Be ((3 * 3 * 1 * 2 + 2) + (32 * 3 + 3) + 2)
    }
}

Describe 'Import-TfModel on the model of TensorFlow 1''s quantization-aware training guide' {
    BeforeAll {
        # tools/SampleModels qat-guide: input [1,8,8,3] -> conv1 3x3 stride 2 with its batch norm folded (weights_quant
        # after mul_fold) -> Relu -> act_quant (0, 3.6) -> dropout/Identity -> ResizeBilinear x2 (size from Shape) ->
        # conv2 1x1 + BiasAdd -> act_quant (-2.3, 2.9) -> Maximum(out, -1e27).
        $script:Guide = New-SampleModel qat-guide (Join-Path $TestDrive 'qat_guide_frozen.pb')
    }

    It 'goes to a uint8 file from the FakeQuant ranges alone, with no MAXIMUM left' {
        $file = Join-Path $TestDrive 'qat_guide_uint8.tflite'
        Import-TfModel $Guide | Optimize-TfLiteModel -Mode Int8 -InputType UInt8 -OutputType UInt8 -InputStats 0, 1 |
            Export-TfLiteModel $file
        $model = Import-TfLiteModel $file
        $codes = @($model.Main.Operators | ForEach-Object { $_.Code.ToString() })
        $codes | Should -Not -Contain 'Maximum'
        @($codes | Where-Object { $_ -eq 'Conv2D' }).Count | Should -Be 2
        $codes | Should -Contain 'ResizeBilinear'
        # -InputStats 0, 1: real = (q - 0) / 1.
        $model.Inputs[0].Type.ToString() | Should -Be 'UInt8'
        $model.Inputs[0].Quantization.Scale[0] | Should -Be 1
        $model.Inputs[0].Quantization.ZeroPoint[0] | Should -Be 0
        # The last FakeQuant (-2.3, 2.9) nudged: scale 5.2/255, zero point 2.3 / (5.2/255) = 112.8 rounded to 113.
        $model.Outputs[0].Type.ToString() | Should -Be 'UInt8'
        $model.Outputs[0].Quantization.Scale[0] | Should -BeGreaterThan (5.2 / 255 - 1e-6)
        $model.Outputs[0].Quantization.Scale[0] | Should -BeLessThan (5.2 / 255 + 1e-6)
        $model.Outputs[0].Quantization.ZeroPoint[0] | Should -Be 113
    }

    It 'writes no file and gives the ErrorId when the graph is truncated' {
        $truncated = New-TruncatedCopy $Guide (Join-Path $TestDrive 'qat_guide_truncated.pb')
        $file = Join-Path $TestDrive 'never.tflite'
        Import-TfModel $truncated -ErrorVariable err -ErrorAction SilentlyContinue | Optimize-TfLiteModel -Mode Int8 | Export-TfLiteModel $file
        Get-ErrorId $err[0] | Should -Be 'TfGraphDefMalformed'
        $err[0].TargetObject | Should -Be $truncated
        Test-Path -LiteralPath $file | Should -BeFalse
        @(Get-ChildItem $TestDrive -Filter 'never*').Count | Should -Be 0
    }
}

Describe 'Import-TfModel on files that are not GraphDefs' {
    It 'reports random bytes as TfGraphDefMalformed and writes nothing down the pipeline' {
        $random = Join-Path $TestDrive 'random.pb'
        $bytes = [byte[]]::new(4096)
        [Random]::new(1).NextBytes($bytes)
        [IO.File]::WriteAllBytes($random, $bytes)
        $file = Join-Path $TestDrive 'random.tflite'
        Import-TfModel $random -ErrorVariable err -ErrorAction SilentlyContinue | Export-TfLiteModel $file
        $err.Count | Should -Be 1
        Get-ErrorId $err[0] | Should -Be 'TfGraphDefMalformed'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidData'
        $err[0].TargetObject | Should -Be $random
        Test-Path -LiteralPath $file | Should -BeFalse
    }

    It 'reports a text GraphDef with a syntax error as TfTextFormatInvalid with its line' {
        $text = Join-Path $TestDrive 'broken.pbtxt'
        Set-Content -LiteralPath $text -Value "node {`n  name: `"x`"`n  op: `"Placeholder`n}`n"
        Import-TfModel $text -ErrorVariable err -ErrorAction SilentlyContinue
        Get-ErrorId $err[0] | Should -Be 'TfTextFormatInvalid'
        $err[0].Exception.Message | Should -Match 'line 3'
        $err[0].Exception.Message | Should -Match 'unterminated string'
    }
}
