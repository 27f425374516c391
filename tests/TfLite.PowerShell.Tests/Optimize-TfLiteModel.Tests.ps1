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
    function Get-Tensor($Graph, [string] $Name) {
        @($Graph.Main.Tensors | Where-Object Name -EQ $Name)[0]
    }
    function Write-GreyBmp([string] $Path, [int] $Width, [int] $Height, [byte[]] $Grey) {
        # A 24-bit BMP (rows bottom-up, padded to 4 bytes) of the given grey levels.
        $row = [int]([Math]::Ceiling($Width * 3 / 4) * 4)
        $bmp = [byte[]]::new(54 + $row * $Height)
        $bmp[0] = [byte][char]'B'; $bmp[1] = [byte][char]'M'
        [BitConverter]::GetBytes([int]$bmp.Length).CopyTo($bmp, 2)
        [BitConverter]::GetBytes([int]54).CopyTo($bmp, 10)
        [BitConverter]::GetBytes([int]40).CopyTo($bmp, 14)
        [BitConverter]::GetBytes([int]$Width).CopyTo($bmp, 18)
        [BitConverter]::GetBytes([int]$Height).CopyTo($bmp, 22)
        [BitConverter]::GetBytes([int16]1).CopyTo($bmp, 26)
        [BitConverter]::GetBytes([int16]24).CopyTo($bmp, 28)
        for ($y = 0; $y -lt $Height; $y++) {
            for ($x = 0; $x -lt $Width; $x++) {
                for ($c = 0; $c -lt 3; $c++) { $bmp[54 + ($Height - 1 - $y) * $row + $x * 3 + $c] = $Grey[$y * $Width + $x] }
            }
        }
        [IO.File]::WriteAllBytes($Path, $bmp)
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

Describe 'Optimize-TfLiteModel integer modes' {
    It 'Int8 makes every activation int8 between a QUANTIZE of the float input and a DEQUANTIZE of the output' {
        $graph = Import-KerasModel $Mlp | Optimize-TfLiteModel -Mode Int8 -CalibrationData $Calib
        $codes = @($graph.Main.Operators | ForEach-Object { $_.Code.ToString() })
        $codes[0] | Should -Be 'Quantize'
        $codes[-1] | Should -Be 'Dequantize'
        $graph.Inputs[0].Type.ToString() | Should -Be 'Float32'
        $graph.Outputs[0].Type.ToString() | Should -Be 'Float32'
        foreach ($op in $graph.Main.Operators[1..($codes.Count - 2)]) {
            $op.Outputs[0].Type.ToString() | Should -Be 'Int8' -Because $op.Code
        }
        # Weights int8 with zero point 0, biases int32 with scale = input scale x weight scale (the int8 spec).
        $fc = @($graph.Main.Operators | Where-Object { $_.Code.ToString() -eq 'FullyConnected' })[0]
        $fc.Inputs[1].Type.ToString() | Should -Be 'Int8'
        $fc.Inputs[1].Quantization.ZeroPoint[0] | Should -Be 0
        $fc.Inputs[2].Type.ToString() | Should -Be 'Int32'
        $product = $fc.Inputs[0].Quantization.Scale[0] * $fc.Inputs[1].Quantization.Scale[0]
        [Math]::Abs($fc.Inputs[2].Quantization.Scale[0] / $product - 1) | Should -BeLessThan 1e-6
        # LOGISTIC's output is fixed by the spec at 1/256 and -128.
        $sigmoid = @($graph.Main.Operators | Where-Object { $_.Code.ToString() -eq 'Logistic' })[0]
        $sigmoid.Outputs[0].Quantization.Scale[0] | Should -Be ([float](1 / 256))
        $sigmoid.Outputs[0].Quantization.ZeroPoint[0] | Should -Be -128
    }

    It 'Int8 with -InputType Int8 -OutputType Int8 gives quantized inputs and outputs without boundary operators' {
        $graph = Import-KerasModel $Mlp | Optimize-TfLiteModel -Mode Int8 -CalibrationData $Calib -InputType Int8 -OutputType Int8
        $graph.Inputs[0].Type.ToString() | Should -Be 'Int8'
        $graph.Outputs[0].Type.ToString() | Should -Be 'Int8'
        Get-OpCount $graph 'Quantize' | Should -Be 0
        Get-OpCount $graph 'Dequantize' | Should -Be 0
        # MNIST pixels span [0, 1]: scale 1/255, zero point -128.
        [Math]::Abs($graph.Inputs[0].Quantization.Scale[0] * 255 - 1) | Should -BeLessThan 1e-6
        $graph.Inputs[0].Quantization.ZeroPoint[0] | Should -Be -128
    }

    It 'UInt8 inputs with -InputStats take scale 1/std and zero point mean, as quantized_input_stats did' {
        $graph = Import-KerasModel $Mlp | Optimize-TfLiteModel -Mode Int8 -CalibrationData $Calib -InputType UInt8 -InputStats 0, 255
        $graph.Inputs[0].Type.ToString() | Should -Be 'UInt8'
        $graph.Inputs[0].Quantization.Scale[0] | Should -Be ([float](1 / 255))
        $graph.Inputs[0].Quantization.ZeroPoint[0] | Should -Be 0
    }

    It 'Int16x8 makes activations int16 with zero point 0 and keeps int8 weights' {
        $graph = Import-KerasModel $Mlp | Optimize-TfLiteModel -Mode Int16x8 -CalibrationData $Calib
        $fc = @($graph.Main.Operators | Where-Object { $_.Code.ToString() -eq 'FullyConnected' })
        $fc.Count | Should -Be 2
        foreach ($op in $fc) {
            $op.Inputs[0].Type.ToString() | Should -Be 'Int16'
            $op.Inputs[0].Quantization.ZeroPoint[0] | Should -Be 0
            $op.Inputs[1].Type.ToString() | Should -Be 'Int8'
            $op.Inputs[2].Type.ToString() | Should -Be 'Int64'
            $op.Outputs[0].Type.ToString() | Should -Be 'Int16'
        }
    }

    It 'keeps an excluded layer in float between DEQUANTIZE and QUANTIZE' {
        $graph = Import-KerasModel $Mlp | Optimize-TfLiteModel -Mode Int8 -CalibrationData $Calib -ExcludeLayer 'dense_1'
        $fc = @($graph.Main.Operators | Where-Object { $_.Code.ToString() -eq 'FullyConnected' })
        $fc[0].Outputs[0].Type.ToString() | Should -Be 'Int8'
        $fc[1].Outputs[0].Type.ToString() | Should -Be 'Float32'
        $fc[1].Inputs[1].Type.ToString() | Should -Be 'Float32'
    }

    It 'uses the ranges of quantization-aware training without calibration data' {
        $float = Import-KerasModel $Qat
        $learned = @($float.Main.Tensors | Where-Object { $null -ne $_.Quantization -and $null -ne $_.Quantization.Min -and -not $_.IsConstant })
        $learned.Count | Should -Be 3
        $verbose = $float | Optimize-TfLiteModel -Mode Int8 -Verbose 4>&1
        $graph = @($verbose | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] })[0]
        @($verbose | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -match 'quantization-aware training' }).Count | Should -Be 1
        foreach ($t in $learned) {
            # The int8 tensor of the same layer (a float input or output keeps its name; its int8 twin gets a suffix)
            # has the learned range as its scale and zero point: (max - min) / 255, and -128 - min / scale rounded.
            $int8 = @($graph.Main.Tensors | Where-Object { $_.Type.ToString() -eq 'Int8' -and $_.Name -match "^$([regex]::Escape($t.Name))\d*$" })
            $int8.Count | Should -Be 1 -Because $t.Name
            $min = [Math]::Min(0.0, [double]$t.Quantization.Min[0])
            $max = [Math]::Max(0.0, [double]$t.Quantization.Max[0])
            $scale = ($max - $min) / 255
            [Math]::Abs($int8[0].Quantization.Scale[0] / $scale - 1) | Should -BeLessThan 1e-6 -Because $t.Name
            $int8[0].Quantization.ZeroPoint[0] | Should -Be ([Math]::Round(-128 - $min / $scale, [MidpointRounding]::AwayFromZero)) -Because $t.Name
        }
    }

    It 'calibrates from a CSV file, one sample a row' {
        $csv = Join-Path $TestDrive 'sine.csv'
        Set-Content -LiteralPath $csv -Value "x`n-1.5`n0.25`n2.75"
        $verbose = Import-KerasModel $Sine | Optimize-TfLiteModel -Mode Int8 -CalibrationData $csv -Verbose 4>&1 |
            Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        $input = @($verbose | Where-Object Message -Match '^Range [^ ]+: ')[0]
        $input.Message | Should -Match ': \[-1\.5, 2\.75\]$'
        # -Verbose also reports the error of every quantized layer against the float model.
        @($verbose | Where-Object Message -Match '^Error .* SNR ').Count | Should -BeGreaterThan 0
    }

    It 'calibrates from a folder of images, resized and rescaled like Keras Rescaling' {
        $folder = Join-Path $TestDrive 'digits'
        $null = New-Item -ItemType Directory $folder
        # 14 x 14 images resized to the model's 28 x 28; grey levels 0..255 scaled to [0, 1] and shifted by 0.5.
        Write-GreyBmp (Join-Path $folder 'a.bmp') 14 14 ([byte[]]::new(196))
        Write-GreyBmp (Join-Path $folder 'b.bmp') 14 14 ([byte[]](@(255) * 196))
        $verbose = Import-KerasModel $Mlp |
            Optimize-TfLiteModel -Mode Int8 -CalibrationData $folder -ImageSize 28 -Scale (1 / 255) -Offset 0.5 -Verbose 4>&1 |
            Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        @($verbose | Where-Object Message -Match '^Range flatten_input: ')[0].Message | Should -Be 'Range flatten_input: [0.5, 1.5]'
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

    It 'reports NoIntegerKernel with -IntegerOnly for an operator without an integer kernel, and keeps it float without' {
        # x -> FLOOR -> y: the interpreter runs FLOOR in float, TFLite has no integer FLOOR.
        $graph = (Get-GraphType)::CreateEmpty('floor')
        $tensorType = Get-CoreType 'TfLite.Core.Graph.Tensor'
        $float32 = [Enum]::Parse((Get-CoreType 'TfLite.Core.Graph.TensorType'), 'Float32')
        $inputs = [Array]::CreateInstance($tensorType, 1); $inputs[0] = $graph.Main.AddTensor($tensorType::new('x', $float32, [int[]] @(1, 4)))
        $outputs = [Array]::CreateInstance($tensorType, 1); $outputs[0] = $graph.Main.AddTensor($tensorType::new('y', $float32, [int[]] @(1, 4)))
        $graph.Main.Inputs.Add($inputs[0])
        $graph.Main.Outputs.Add($outputs[0])
        $floor = [Enum]::Parse((Get-CoreType 'TfLite.Core.Graph.BuiltinOperator'), 'Floor')
        $null = $graph.Main.AddOperator((Get-CoreType 'TfLite.Core.Graph.Operator')::new($floor, $inputs, $outputs, $null))
        # Two samples of the [1, 4] input, as a [2, 4] array.
        $data = [float[,]]::new(2, 4)
        $data[0, 1] = 0.5; $data[1, 2] = -0.25
        $graph | Optimize-TfLiteModel -Mode Int8 -CalibrationData (, $data) -IntegerOnly -ErrorVariable failed -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        Get-ErrorId $failed[0] | Should -Be 'NoIntegerKernel'
        $failed[0].Exception.Message | Should -Match 'Floor'
        $mixed = $graph | Optimize-TfLiteModel -Mode Int8 -CalibrationData (, $data)
        @($mixed.Main.Operators | Where-Object { $_.Code.ToString() -eq 'Floor' })[0].Outputs[0].Type.ToString() | Should -Be 'Float32'
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
