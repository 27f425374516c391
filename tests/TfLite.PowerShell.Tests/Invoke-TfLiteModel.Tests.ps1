BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    # TFLite Micro's hello_world: one int8 input [-1,1] (scale/zero point in the file) that approximates sin(x).
    $script:HelloInt8 = Get-SharedPath 'conformance/tflite-micro/models/hello_world_int8.tflite'
    $script:HelloFloat = Get-SharedPath 'conformance/tflite-micro/models/hello_world_float.tflite'
    # TensorFlow's conversion of a Keras MNIST MLP: input flatten_input [-1,28,28] float, output dense_1 [-1,10].
    $script:MnistMlp = Get-SharedPath 'models/sheena-mnist-mlp-k2.10/tflite_model.tflite'
    $script:MnistImages = Get-SharedPath 'datasets/mnist/x_test.npy'
    $script:MnistLabels = Get-SharedPath 'datasets/mnist/y_test.npy'
}

Describe 'Invoke-TfLiteModel parameters' {
    BeforeAll { $script:Metadata = Get-Command Invoke-TfLiteModel }

    It 'takes the model from the pipeline or a path, and the inputs by position' {
        $Metadata.Parameters['InputObject'].ParameterType.FullName | Should -Be 'TfLite.Core.Graph.TfLiteGraph'
        $Metadata.Parameters['InputObject'].ParameterSets['Graph'].ValueFromPipeline | Should -BeTrue
        $Metadata.Parameters['InputData'].ParameterSets['Graph'].Position | Should -Be 0
        $Metadata.Parameters['Path'].ParameterSets['Path'].Position | Should -Be 0
        $Metadata.Parameters['InputData'].ParameterSets['Path'].ValueFromPipeline | Should -BeTrue
        $Metadata.Parameters['LiteralPath'].Aliases | Should -Be @('PSPath', 'LP')
    }

    It 'offers -Rounding Double|Single|Xnnpack and -ThreadCount' {
        $Metadata.Parameters['Rounding'].ParameterType.GetEnumNames() | Should -Be @('Double', 'Single', 'Xnnpack')
        $Metadata.Parameters['ThreadCount'].ParameterType | Should -Be ([int])
    }

    It 'declares TensorValue as its output' {
        $Metadata.OutputType.Name | Should -Be 'TfLite.Core.Inference.TensorValue'
    }
}

Describe 'Invoke-TfLiteModel running' {
    It 'quantizes float input for an int8 model and returns dequantized values near sin(x)' {
        $out = Import-TfLiteModel $HelloInt8 | Invoke-TfLiteModel -InputData @(0.5, 1.0, 2.0)
        @($out).Count | Should -Be 1
        $out.Type.ToString() | Should -Be 'Int8'
        $out.Shape | Should -Be @(3, 1)
        $out.RawValues.GetType() | Should -Be ([sbyte[]])
        for ($i = 0; $i -lt 3; $i++) {
            [math]::Abs($out.Values[$i] - $out.Scale * ($out.RawValues[$i] - $out.ZeroPoint)) | Should -BeLessThan 1e-6
            [math]::Abs($out.Values[$i] - [math]::Sin(@(0.5, 1.0, 2.0)[$i])) | Should -BeLessThan 0.15
        }
    }

    It 'runs a model given by path on inputs from the pipeline, one output set per input' {
        $outs = @(@(0.5), @(1.5)) | ForEach-Object { , [double[]] $_ } | Invoke-TfLiteModel -Path $HelloFloat
        @($outs).Count | Should -Be 2
        [math]::Abs($outs[1].Values[0] - [math]::Sin(1.5)) | Should -BeLessThan 0.1
    }

    It 'binds hashtables by input name and gives the same result as by position' {
        $graph = Import-TfLiteModel $HelloFloat
        $byName = Invoke-TfLiteModel -InputObject $graph -InputData @{ $graph.Inputs[0].Name = @(1.0) }
        $byPosition = Invoke-TfLiteModel -InputObject $graph -InputData @(1.0)
        $byName.Values | Should -Be $byPosition.Values
    }

    It 'reads .npy inputs, resizes the batch and classifies MNIST like the labels say' {
        $images = Join-Path $TestDrive 'first200.npy'
        $core = (Get-GraphType).Assembly
        $all = $core.GetType('TfLite.Core.Data.NpyReader')::Read($MnistImages)
        $core.GetType('TfLite.Core.Data.NpyWriter')::Write($images, $all.SliceFirstAxis(0, 200))
        $labels = $core.GetType('TfLite.Core.Data.NpyReader')::Read($MnistLabels).Data[0..199]

        $out = Invoke-TfLiteModel -LiteralPath $MnistMlp -InputData $images
        $out.Shape | Should -Be @(200, 10)
        $predicted = $out.ArgMax()
        $correct = @(0..199 | Where-Object { $predicted[$_] -eq $labels[$_] }).Count
        $correct | Should -BeGreaterThan 180
    }

    It 'passes -Rounding to the integer kernels' {
        $double = Invoke-TfLiteModel -Path $HelloInt8 -InputData @(0.3, 1.1, 2.9) -Rounding Double
        $single = Invoke-TfLiteModel -Path $HelloInt8 -InputData @(0.3, 1.1, 2.9) -Rounding Single
        $double.Shape | Should -Be $single.Shape
        $single.RawValues | ForEach-Object { $_ | Should -BeOfType [sbyte] }
    }
}

Describe 'Invoke-TfLiteModel errors' {
    It 'reports an unsupported operator as UnsupportedOperator' {
        New-UnsupportedOpGraph | Invoke-TfLiteModel -InputData @(1, 2, 3, 4) -ErrorVariable err -ErrorAction SilentlyContinue |
            Should -BeNullOrEmpty
        Get-ErrorId $err[0] | Should -Be 'UnsupportedOperator'
        $err[0].Exception.Message | Should -Match 'Cumsum'
    }

    It 'reports a wrong input shape as InputShapeMismatch' {
        Import-TfLiteModel $MnistMlp | Invoke-TfLiteModel -InputData (, (, (@(1..30)))) -ErrorVariable err -ErrorAction SilentlyContinue |
            Should -BeNullOrEmpty
        Get-ErrorId $err[0] | Should -Be 'InputShapeMismatch'
        $err[0].Exception.Target | Should -Be 'serving_default_flatten_input:0'
    }

    It 'reports text values as InputTypeMismatch' {
        Import-TfLiteModel $HelloFloat | Invoke-TfLiteModel -InputData @(1, 'two') -ErrorVariable err -ErrorAction SilentlyContinue |
            Should -BeNullOrEmpty
        Get-ErrorId $err[0] | Should -Be 'InputTypeMismatch'
    }

    It 'reports an unknown input name as UnknownInput and a missing one as MissingInput' {
        $graph = Import-TfLiteModel $HelloFloat
        Invoke-TfLiteModel -InputObject $graph -InputData @{ nope = @(1.0) } -ErrorVariable err -ErrorAction SilentlyContinue
        Get-ErrorId $err[0] | Should -Be 'UnknownInput'
        Invoke-TfLiteModel -InputObject $graph -InputData @{} -ErrorVariable err2 -ErrorAction SilentlyContinue
        Get-ErrorId $err2[0] | Should -Be 'MissingInput'
    }

    It 'stops with PathNotFound when the model file does not exist' {
        { Invoke-TfLiteModel -Path (Join-Path $TestDrive 'none.tflite') -InputData @(1.0) -ErrorAction Stop } |
            Should -Throw -ErrorId 'PathNotFound*'
    }
}
