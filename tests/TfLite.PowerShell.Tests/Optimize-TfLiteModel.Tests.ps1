BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')

    # Facts from ../shared/models/*/SOURCE.md: the sine MLP is Dense(16, relu) -> Dense(16, relu) -> Dense(1), input
    # [None, 1]; the MNIST MLP is Flatten -> Dense(100) -> Dense(10, sigmoid), input [None, 28, 28].
    $script:Sine = Get-SharedPath 'models/assachan-sine-mlp-k3.13h5/sine_model.h5'
    $script:Mlp = Get-SharedPath 'models/sheena-mnist-mlp-k2.10/model.h5'
    $script:MlpTfLite = Get-SharedPath 'models/sheena-mnist-mlp-k2.10/tflite_model.tflite'
    $script:Qat = Get-SharedPath 'models/sheena-qat-conv-k2.10/q_aware_model.h5'
    $script:Calib = Get-SharedPath 'datasets/mnist/x_calib.npy'

    function Get-TypeCount($Graph, [string] $Type, [switch] $Constant) {
        @($Graph.Main.Tensors | Where-Object { $_.Type.ToString() -eq $Type -and (-not $Constant -or $_.IsConstant) }).Count
    }
    function Get-OpCount($Graph, [string] $Code) {
        @($Graph.Main.Operators | Where-Object { $_.Code.ToString() -eq $Code }).Count
    }
}

Describe 'Optimize-TfLiteModel parameters' {
    It 'is exported by the module and declares TfLiteGraph as its output' {
        (Get-Command Optimize-TfLiteModel).OutputType.Name | Should -Be 'TfLite.Core.Graph.TfLiteGraph'
        (Get-Module TfLite.PowerShell).ExportedCmdlets.Keys | Should -Contain 'Optimize-TfLiteModel'
    }

    It 'offers the four modes and the calibration methods' {
        $parameters = (Get-Command Optimize-TfLiteModel).Parameters
        [Enum]::GetNames($parameters['Mode'].ParameterType) | Should -Be @('Float16', 'DynamicRange', 'Int8', 'Int16x8')
        [Enum]::GetNames($parameters['CalibrationMethod'].ParameterType) | Should -Be @('MinMax', 'MovingAverage', 'Percentile', 'Mse')
        foreach ($name in 'PerChannel', 'CalibrationData', 'Percentile', 'ImageSize', 'Scale', 'Offset', 'InputType', 'OutputType',
            'InputStats', 'IntegerOnly', 'ExcludeLayer', 'ExcludeOperator', 'Rounding', 'Path', 'LiteralPath', 'InputObject') {
            $parameters.Keys | Should -Contain $name
        }
    }

    It 'rejects an input type outside Float32, Int8, UInt8 and Int16' {
        { Import-KerasModel $Sine | Optimize-TfLiteModel -Mode Int8 -InputType Float16 } | Should -Throw -ErrorId 'ParameterArgumentValidationError*'
    }
}

Describe 'Optimize-TfLiteModel modes' {
    It 'Float16 stores the weights as float16 and leaves the input graph unchanged' {
        $float = Import-KerasModel $Sine
        $before = Get-TypeCount $float 'Float32' -Constant
        $half = $float | Optimize-TfLiteModel -Mode Float16
        @($half).Count | Should -Be 1
        [object]::ReferenceEquals($half, $float) | Should -BeFalse
        (Get-TypeCount $half 'Float16' -Constant) | Should -BeGreaterThan 0
        Get-OpCount $half 'Dequantize' | Should -Be (Get-TypeCount $half 'Float16' -Constant)
        Get-TypeCount $float 'Float16' | Should -Be 0
        Get-TypeCount $float 'Float32' -Constant | Should -Be $before
    }

    It 'DynamicRange (the default) makes the weights int8 and keeps float activations' {
        # As in TensorFlow's tflite_quant_model.tflite of the same model: the 784x100 weights become int8, the 100x10
        # ones (under 1024 values) stay float.
        $graph = Import-KerasModel $Mlp | Optimize-TfLiteModel
        Get-TypeCount $graph 'Int8' -Constant | Should -Be 1
        $graph.Inputs[0].Type.ToString() | Should -Be 'Float32'
        $graph.Outputs[0].Type.ToString() | Should -Be 'Float32'
    }

    It 'DynamicRange -PerChannel gives the FULLY_CONNECTED weights one scale per output channel' {
        $graph = Import-KerasModel $Mlp | Optimize-TfLiteModel -Mode DynamicRange -PerChannel
        $weights = @($graph.Main.Tensors | Where-Object { $_.Type.ToString() -eq 'Int8' -and $_.IsConstant })
        $weights.Count | Should -Be 1
        $weights[0].Quantization.Scale.Count | Should -Be 100
    }

    It 'reads .h5 and .tflite files given by -Path and -LiteralPath' {
        $fromKeras = Optimize-TfLiteModel -Path $Mlp -Mode Float16
        $fromTfLite = Optimize-TfLiteModel -LiteralPath $MlpTfLite -Mode Float16
        $fromKeras.SourcePath | Should -Be $Mlp
        $fromTfLite.SourcePath | Should -Be $MlpTfLite
        Get-OpCount $fromTfLite 'FullyConnected' | Should -Be 2
        Get-TypeCount $fromTfLite 'Float16' -Constant | Should -BeGreaterThan 0
    }

    It 'quantizes every graph of the pipeline' {
        $graphs = @(Import-KerasModel $Sine, $Mlp | Optimize-TfLiteModel -Mode DynamicRange)
        $graphs.Count | Should -Be 2
    }

    It 'warns that a float mode ignores calibration data' {
        $null = Import-KerasModel $Sine | Optimize-TfLiteModel -Mode Float16 -CalibrationData (, [float[]] @(0.5)) -WarningVariable warnings -WarningAction SilentlyContinue
        "$warnings" | Should -Match 'ignored'
    }

    It 'keeps excluded operators in float' {
        $graph = Import-KerasModel $Mlp | Optimize-TfLiteModel -Mode DynamicRange -ExcludeOperator 'FULLY_*'
        Get-TypeCount $graph 'Int8' -Constant | Should -Be 0
    }
}

Describe 'Optimize-TfLiteModel errors' {
    It 'reports MissingCalibrationData for Int8 without data on a model without trained ranges' {
        $float = Import-KerasModel $Sine
        $result = $float | Optimize-TfLiteModel -Mode Int8 -ErrorVariable failed -ErrorAction SilentlyContinue
        $result | Should -BeNullOrEmpty
        Get-ErrorId $failed[0] | Should -Be 'MissingCalibrationData'
        $failed[0].CategoryInfo.Category | Should -Be 'InvalidOperation'
        $failed[0].TargetObject | Should -Be $float
    }

    It 'reports CalibrationDataShapeMismatch for data whose samples do not fit the input' {
        # Three values per sample cannot feed an input of 28 x 28.
        Import-KerasModel $Mlp | Optimize-TfLiteModel -Mode Int8 -CalibrationData (, [float[]] @(0.1, 0.2, 0.3)) -ErrorVariable failed -ErrorAction SilentlyContinue
        Get-ErrorId $failed[0] | Should -Be 'CalibrationDataShapeMismatch'
        $failed[0].Exception.Message | Should -Match 'flatten_input'
    }

    It 'reports CalibrationDataNotFound for a calibration file that does not exist' {
        Import-KerasModel $Mlp | Optimize-TfLiteModel -Mode Int8 -CalibrationData (Join-Path $TestDrive 'none.npy') -ErrorVariable failed -ErrorAction SilentlyContinue
        Get-ErrorId $failed[0] | Should -Be 'CalibrationDataNotFound'
    }

    It 'calibrates on NumPy data with every method, reporting progress and, with -Verbose, the ranges' {
        foreach ($method in 'MinMax', 'MovingAverage', 'Percentile', 'Mse') {
            $verbose = Import-KerasModel $Mlp |
                Optimize-TfLiteModel -Mode Int8 -CalibrationData $Calib -CalibrationMethod $method -Percentile 99.9 -Verbose -ErrorAction SilentlyContinue 4>&1 |
                Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
            # The ranges are written before the quantized graph is made. MNIST pixels span [0, 1] over the samples;
            # the other methods average or clip the ends.
            $input = @($verbose | Where-Object Message -Match '^Range flatten_input: ')
            $input.Count | Should -Be 1 -Because $method
            if ($method -eq 'MinMax') { $input[0].Message | Should -Be 'Range flatten_input: [0, 1]' }
        }
    }
}
