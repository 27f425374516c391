BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
}

$PathTestCommand = 'Import-KerasModel'
. (Join-Path $PSScriptRoot 'ModelFilePaths.ps1')

Describe 'Import-KerasModel parameters' {
    It 'has a -NoOptimize switch in both parameter sets' {
        $parameter = (Get-Command Import-KerasModel).Parameters['NoOptimize']
        $parameter.SwitchParameter | Should -BeTrue
        $parameter.ParameterSets.Keys | Should -Be '__AllParameterSets'
    }

    It 'has a -RecurrentLowering parameter that takes Fused or Unrolled' {
        $parameter = (Get-Command Import-KerasModel).Parameters['RecurrentLowering']
        $validValues = $parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.ValidateSetAttribute] } |
            ForEach-Object ValidValues
        $validValues | Should -Be @('Fused', 'Unrolled')
    }

    It 'declares TfLiteGraph as its output' {
        (Get-Command Import-KerasModel).OutputType.Name | Should -Be 'TfLite.Core.Graph.TfLiteGraph'
    }
}

Describe 'Import-KerasModel conversion' {
    BeforeAll {
        # Facts from ../shared/models/assachan-sine-mlp-k3.13h5/SOURCE.md: Sequential, input [None, 1] float32,
        # Dense 16 relu -> Dense 16 relu -> Dense 1 linear.
        $script:Sine = Get-SharedPath 'models/assachan-sine-mlp-k3.13h5/sine_model.h5'
        $script:SineParameters = (1 * 16 + 16) + (16 * 16 + 16) + (16 * 1 + 1)
    }

    It 'lowers an LSTM to the fused operator by default and to stateless operators with -RecurrentLowering Unrolled' {
        # ../shared/models/iesd-cnn-lstm-k2.10/SOURCE.md: one LSTM layer, which TensorFlow fuses.
        $lstm = Get-SharedPath 'models/iesd-cnn-lstm-k2.10/LSTM_seed_all_acc_14.h5'
        $fused = Import-KerasModel $lstm
        @($fused.Main.Operators | Where-Object { $_.Code.ToString() -eq 'UnidirectionalSequenceLstm' }).Count | Should -Be 1
        $unrolled = Import-KerasModel $lstm -RecurrentLowering Unrolled
        @($unrolled.Main.Operators | Where-Object { $_.Code.ToString() -eq 'UnidirectionalSequenceLstm' }).Count | Should -Be 0
        @($unrolled.Main.Tensors | Where-Object IsVariable).Count | Should -Be 0
    }

    It 'converts a real Keras model into a graph with its inputs, outputs and weights' {
        $graph = Import-KerasModel $Sine
        @($graph).Count | Should -Be 1
        $graph.GetType().FullName | Should -Be 'TfLite.Core.Graph.TfLiteGraph'
        $graph.SourcePath | Should -Be $Sine
        $graph.Inputs.Count | Should -Be 1
        $graph.Inputs[0].Type.ToString() | Should -Be 'Float32'
        $graph.Inputs[0].ShapeText | Should -Be '[-1,1]'
        $graph.Outputs[0].ShapeText | Should -Be '[-1,1]'
        $graph.ParameterCount | Should -Be $SineParameters
        @($graph.Main.Operators | Where-Object { $_.Code.ToString() -eq 'FullyConnected' }).Count | Should -Be 3
    }

    It 'shows the converted graph with the default view' {
        $text = Import-KerasModel $Sine | Out-String
        $text | Should -Match "SourcePath\s+: $([regex]::Escape($Sine))"
        $text | Should -Match "Parameters\s+: $SineParameters"
    }

    It 'converts a model the repository writes itself' {
        $file = New-SampleModel demo-mlp (Join-Path $TestDrive 'demo.h5')
        $graph = Import-KerasModel $file
        $graph.Inputs[0].ShapeText | Should -Be '[-1,4]'
        $graph.Outputs[0].ShapeText | Should -Be '[-1,3]'
        $graph.ParameterCount | Should -Be ((4 * 8 + 8) + (8 * 3 + 3))
    }

    It 'binds FileInfo objects from Get-ChildItem through PSPath' {
        $graphs = Get-ChildItem (Split-Path $Sine) -Filter *.h5 | Import-KerasModel
        @($graphs).Count | Should -Be 1
        $graphs.SourcePath | Should -Be $Sine
    }

    It 'takes several path strings from the pipeline and keeps their order' {
        $a = Copy-Item $Sine (Join-Path $TestDrive 'a.h5') -PassThru
        $b = Copy-Item $Sine (Join-Path $TestDrive 'b.h5') -PassThru
        $graphs = $b.FullName, $a.FullName | Import-KerasModel
        $graphs.SourcePath | Should -Be @($b.FullName, $a.FullName)
    }

    It 'expands wildcards in -Path' {
        $folder = New-Item -ItemType Directory (Join-Path $TestDrive 'wild')
        Copy-Item $Sine (Join-Path $folder 'one.h5')
        Copy-Item $Sine (Join-Path $folder 'two.h5')
        $graphs = Import-KerasModel (Join-Path $folder '*.h5')
        ($graphs.SourcePath | Sort-Object) | Should -Be @((Join-Path $folder 'one.h5'), (Join-Path $folder 'two.h5'))
    }

    It 'writes verbose messages about the file and each converted layer' {
        $messages = Import-KerasModel $Sine -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        $messages.Message | Should -Contain "Reading '$Sine'."
        # The importer's per-layer progress reaches the user: one message naming each Dense layer.
        foreach ($layer in 'dense', 'dense_1', 'dense_2') {
            @($messages.Message -match "\b$layer\b").Count | Should -BeGreaterOrEqual 1 -Because "layer $layer is converted"
        }
        ($messages.Message -join "`n") | Should -Match '3 operators'
    }
}

Describe 'Import-KerasModel errors' {
    BeforeAll {
        $script:Sine = Get-SharedPath 'models/assachan-sine-mlp-k3.13h5/sine_model.h5'

        function Get-ImportError([string] $File) {
            $out = Import-KerasModel -LiteralPath $File -ErrorVariable err -ErrorAction SilentlyContinue
            $out | Should -BeNullOrEmpty
            $err.Count | Should -Be 1
            $err[0].TargetObject | Should -Be $File
            $err[0]
        }
    }

    It 'reports a truncated file as TruncatedFile' {
        $file = New-TruncatedCopy $Sine (Join-Path $TestDrive 'truncated.h5')
        $err = Get-ImportError $file
        Get-ErrorId $err | Should -Be 'TruncatedFile'
        $err.CategoryInfo.Category | Should -Be 'InvalidData'
        $err.Exception.GetType().Name | Should -Be 'ModelFormatException'
    }

    It 'reports an HDF5 file without a model configuration as NotKerasModel' {
        $file = New-SampleModel not-keras (Join-Path $TestDrive 'data.h5')
        $err = Get-ImportError $file
        Get-ErrorId $err | Should -Be 'NotKerasModel'
        $err.CategoryInfo.Category | Should -Be 'InvalidData'
    }

    It 'reports a file that is not HDF5 at all as NotKerasModel' {
        $file = Join-Path $TestDrive 'notes.h5'
        Set-Content -LiteralPath $file -Value 'just some text, not a model'
        Get-ErrorId (Get-ImportError $file) | Should -Be 'NotKerasModel'
    }

    It 'reports an unknown layer class as UnsupportedLayer naming the layer' {
        $file = New-SampleModel unknown-layer (Join-Path $TestDrive 'fancy.h5')
        $err = Get-ImportError $file
        Get-ErrorId $err | Should -Be 'UnsupportedLayer'
        $err.CategoryInfo.Category | Should -Be 'NotImplemented'
        $err.Exception.LayerName | Should -Be 'fancy'
        $err.Exception.ClassName | Should -Be 'FancyNormalization'
        $err.ToString() | Should -Match 'fancy'
    }

    It 'goes on with the next file after a failure' {
        $bad = New-TruncatedCopy $Sine (Join-Path $TestDrive 'bad.h5')
        $graphs = $bad, $Sine | Import-KerasModel -ErrorVariable err -ErrorAction SilentlyContinue
        @($graphs).Count | Should -Be 1
        $graphs.SourcePath | Should -Be $Sine
        $err.Count | Should -Be 1
        $err[0].TargetObject | Should -Be $bad
    }

    It 'stops the pipeline on a failure with -ErrorAction Stop' {
        $bad = New-TruncatedCopy $Sine (Join-Path $TestDrive 'stop.h5')
        { Import-KerasModel $bad -ErrorAction Stop } | Should -Throw -ErrorId 'TruncatedFile,TfLite.PowerShell.Commands.ImportKerasModelCommand'
    }
}

Describe 'Import-KerasModel on Keras SavedModel folders' {
    BeforeAll {
        # tools/SampleModels demo-keras-savedmodel: what tf.keras 2.x model.save(folder) writes for
        # input [6, 6, 1] -> Conv2D(2, 3x3, relu) -> Flatten -> Dense(3, softmax).
        $script:Folder = New-SampleModel demo-keras-savedmodel (Join-Path $TestDrive 'keras_savedmodel')
    }

    It 'converts the folder with the weights of its variables' {
        $graph = Import-KerasModel $Folder
        @($graph).Count | Should -Be 1
        $graph.SourcePath | Should -Be $Folder
        $graph.Inputs[0].ShapeText | Should -Be '[-1,6,6,1]'
        $graph.Outputs[0].ShapeText | Should -Be '[-1,3]'
        # Conv2D and Dense weights, and the two values of Flatten's new shape.
        $graph.ParameterCount | Should -Be ((3 * 3 * 1 * 2 + 2) + (32 * 3 + 3) + 2)
        $codes = @($graph.Main.Operators | ForEach-Object { $_.Code.ToString() })
        $codes | Should -Contain 'Conv2D'
        $codes | Should -Contain 'FullyConnected'
    }

    It 'refuses a folder that is not a Keras SavedModel' {
        $plain = New-SampleModel demo-savedmodel (Join-Path $TestDrive 'plain_savedmodel')
        Import-KerasModel -LiteralPath $plain -ErrorVariable err -ErrorAction SilentlyContinue
        Get-ErrorId $err[0] | Should -Be 'PathIsDirectory'
    }
}
