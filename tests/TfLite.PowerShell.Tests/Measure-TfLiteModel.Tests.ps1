BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $script:HelloInt8 = Get-SharedPath 'conformance/tflite-micro/models/hello_world_int8.tflite'
    $script:HelloFloat = Get-SharedPath 'conformance/tflite-micro/models/hello_world_float.tflite'
    $script:PersonDetect = Get-SharedPath 'conformance/tflite-micro/models/person_detect.tflite'
    # TensorFlow's float conversion of a Keras MNIST MLP and its dynamic-range quantized conversion.
    $script:MnistMlp = Get-SharedPath 'models/sheena-mnist-mlp-k2.10/tflite_model.tflite'
    $script:MnistMlpDynamic = Get-SharedPath 'models/sheena-mnist-mlp-k2.10/tflite_quant_model.tflite'
}

Describe 'Measure-TfLiteModel parameters' {
    BeforeAll { $script:Metadata = Get-Command Measure-TfLiteModel }

    It 'takes models from the pipeline as graphs or paths' {
        $Metadata.Parameters['InputObject'].ParameterSets['Graph'].ValueFromPipeline | Should -BeTrue
        $Metadata.Parameters['Path'].ParameterSets['Path'].ValueFromPipeline | Should -BeTrue
        $Metadata.Parameters['LiteralPath'].Aliases | Should -Be @('PSPath', 'LP')
        $Metadata.OutputType.Name | Should -Be 'TfLite.Core.Measurement.ModelMeasurement'
    }

    It 'has the latency and accuracy parameters with their defaults' {
        foreach ($name in 'Latency', 'Iterations', 'WarmupIterations', 'PerOperator', 'Reference', 'InputData', 'Seed', 'SampleCount', 'PerTensor', 'Rounding', 'ThreadCount') {
            $Metadata.Parameters.Keys | Should -Contain $name
        }
        $command = $Metadata.ImplementingType::new()
        $command.Iterations | Should -Be 50
        $command.WarmupIterations | Should -Be 30
        $Metadata.Parameters['WarmupIterations'].Aliases | Should -Be @('Warmup')
    }
}

Describe 'Measure-TfLiteModel static analysis' {
    It 'reports size, parameters, MACs, arena and Arm target of a file' {
        $m = Measure-TfLiteModel $HelloInt8
        $m.SizeBytes | Should -Be (Get-Item $HelloInt8).Length
        $m.Macs | Should -Be (1 * 16 + 16 * 16 + 16 * 1)
        $m.ArmTarget | Should -Be 'CMSIS-NN'
        $m.ArenaBytes | Should -BeGreaterThan 0
        $m.Static.Operators[0].Operator | Should -Be 'FULLY_CONNECTED'
        $m.Static.Inputs[0].Scale | Should -Not -BeNullOrEmpty
        $m.Latency | Should -BeNullOrEmpty
        $m.Accuracy | Should -BeNullOrEmpty
    }

    It 'gives one row per model for several models, from paths or graphs' {
        $rows = $HelloInt8, $HelloFloat, $PersonDetect | Measure-TfLiteModel
        @($rows).Count | Should -Be 3
        $rows[1].ArmTarget | Should -Be 'TFLM reference'
        $graphs = Import-TfLiteModel $HelloInt8, $HelloFloat | Measure-TfLiteModel
        @($graphs).Count | Should -Be 2
        ($rows | Format-Table | Out-String) | Should -Match 'ArmTarget'
    }

    It 'names operators TFLite Micro cannot run' {
        $m = New-UnsupportedOpGraph | Measure-TfLiteModel
        $m.ArmTarget | Should -Be 'TFLM reference'
        $m.ArenaBytes | Should -BeNullOrEmpty
        $m.Static.SizeIsSerialized | Should -BeTrue
    }
}

Describe 'Measure-TfLiteModel latency' {
    It 'reports benchmark statistics and, with -PerOperator, time by type and by node' {
        $m = Measure-TfLiteModel $HelloFloat -PerOperator -Iterations 8 -Warmup 1
        $m.Latency.WarmupRuns | Should -BeGreaterOrEqual 1
        $s = $m.Latency.Statistics
        $s.Count | Should -Be 8
        $s.Min | Should -BeLessOrEqual $s.Median
        $s.Median | Should -BeLessOrEqual $s.Max
        @($m.Latency.ByNode).Count | Should -Be 3
        $m.Latency.ByOperatorType[0].Name | Should -Be 'FULLY_CONNECTED'
        [math]::Round(($m.Latency.ByNode | Measure-Object Percent -Sum).Sum) | Should -Be 100
    }

    It 'warms up for at least -WarmupIterations runs and one second by default, and not at all with 0' {
        $timer = [Diagnostics.Stopwatch]::StartNew()
        $m = Measure-TfLiteModel $HelloFloat -Latency -Iterations 5
        $timer.Elapsed.TotalMilliseconds | Should -BeGreaterOrEqual 1000
        $m.Latency.WarmupRuns | Should -BeGreaterOrEqual 30
        (Measure-TfLiteModel $HelloFloat -Latency -Iterations 5 -WarmupIterations 0).Latency.WarmupRuns | Should -Be 0
    }
}

Describe 'Measure-TfLiteModel accuracy' {
    It 'compares an int8 model with its float reference on seeded random inputs' {
        $a = Measure-TfLiteModel $HelloInt8 -Reference $HelloFloat -SampleCount 16 -Seed 3
        $out = $a.Accuracy.Outputs[0]
        $out.Count | Should -Be 16
        $out.MaxAbsError | Should -BeLessThan 0.2
        $out.SnrDb | Should -BeGreaterThan 10
        $b = Measure-TfLiteModel $HelloInt8 -Reference $HelloFloat -SampleCount 16 -Seed 3
        $b.Accuracy.Outputs[0].MaxAbsError | Should -Be $out.MaxAbsError
    }

    It 'compares every shared tensor with -PerTensor on given inputs' {
        $images = Join-Path $TestDrive 'x20.npy'
        $core = (Get-GraphType).Assembly
        $all = $core.GetType('TfLite.Core.Data.NpyReader')::Read((Get-SharedPath 'datasets/mnist/x_test.npy'))
        $core.GetType('TfLite.Core.Data.NpyWriter')::Write($images, $all.SliceFirstAxis(0, 20))
        $m = Import-TfLiteModel $MnistMlpDynamic | Measure-TfLiteModel -Reference (Import-TfLiteModel $MnistMlp) -InputData $images -PerTensor
        $m.Accuracy.Outputs[0].Top1Agreement | Should -BeGreaterOrEqual 0.9
        $m.Accuracy.Outputs[0].CosineSimilarity | Should -BeGreaterThan 0.99
        @($m.Accuracy.Tensors).Count | Should -BeGreaterThan 1
        $t = $m.Accuracy.Tensors[0]
        foreach ($p in 'TensorName', 'NumElements', 'StdDev', 'MeanError', 'MaxAbsError', 'MeanSquaredError', 'Scale', 'ZeroPoint') {
            $t.PSObject.Properties.Name | Should -Contain $p
        }
    }

    It 'stops with ReferenceRequired for -PerTensor without -Reference' {
        { Measure-TfLiteModel $HelloInt8 -PerTensor -ErrorAction Stop } | Should -Throw -ErrorId 'ReferenceRequired*'
    }
}

Describe 'Measure-TfLiteModel errors' {
    It 'reports UnsupportedOperator when latency is asked of a model the interpreter cannot run' {
        New-UnsupportedOpGraph | Measure-TfLiteModel -Latency -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        Get-ErrorId $err[0] | Should -Be 'UnsupportedOperator'
    }

    It 'reports InputShapeMismatch for inputs of the wrong shape' {
        Measure-TfLiteModel $MnistMlp -Latency -InputData (, (, (@(1..30)))) -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        Get-ErrorId $err[0] | Should -Be 'InputShapeMismatch'
    }

    It 'reports InputTypeMismatch for inputs that are not numbers' {
        Measure-TfLiteModel $HelloFloat -Latency -InputData @(1, 'two') -ErrorVariable err -ErrorAction SilentlyContinue
        Get-ErrorId $err[0] | Should -Be 'InputTypeMismatch'
    }
}
