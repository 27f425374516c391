BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
}

$PathTestCommand = 'Import-TfLiteModel'
. (Join-Path $PSScriptRoot 'ModelFilePaths.ps1')

Describe 'Import-TfLiteModel parameters' {
    It 'has only the path parameters besides the common ones' {
        $common = [System.Management.Automation.PSCmdlet]::CommonParameters
        (Get-Command Import-TfLiteModel).Parameters.Keys | Where-Object { $_ -notin $common } | Sort-Object |
            Should -Be @('LiteralPath', 'Path')
    }

    It 'declares TfLiteGraph as its output' {
        (Get-Command Import-TfLiteModel).OutputType.Name | Should -Be 'TfLite.Core.Graph.TfLiteGraph'
    }
}

Describe 'Import-TfLiteModel reading' {
    BeforeAll {
        # TensorFlow's own conversion of the sine model; SOURCE.md: one FULLY_CONNECTED op code used three times,
        # input and output FLOAT32 [1, 1] with shape_signature [-1, 1], six FLOAT32 constants.
        $script:SineTflite = Get-SharedPath 'models/assachan-sine-mlp-k3.13h5/sine_model.tflite'
    }

    It 'reads a .tflite file written by TensorFlow' {
        $graph = Import-TfLiteModel $SineTflite
        @($graph).Count | Should -Be 1
        $graph.SourcePath | Should -Be $SineTflite
        $graph.Inputs[0].Type.ToString() | Should -Be 'Float32'
        $graph.Inputs[0].ShapeText | Should -Be '[-1,1]'
        $graph.Outputs[0].ShapeText | Should -Be '[-1,1]'
        @($graph.Main.Operators).Count | Should -Be 3
        @($graph.Main.Operators | Where-Object { $_.Code.ToString() -eq 'FullyConnected' }).Count | Should -Be 3
        $graph.ParameterCount | Should -Be ((1 * 16 + 16) + (16 * 16 + 16) + (16 * 1 + 1))
    }

    It 'binds FileInfo objects and reads each file of a folder' {
        $folder = Split-Path (Get-SharedPath 'models/jhonatan-mnist-gap-k3.14h5/model.tflite')
        $files = Get-ChildItem $folder -Filter *.tflite
        $graphs = $files | Import-TfLiteModel
        @($graphs).Count | Should -Be $files.Count
        $graphs.SourcePath | Should -Be $files.FullName
    }

    It 'reports a truncated file as TruncatedTfLiteFile' {
        $file = New-TruncatedCopy $SineTflite (Join-Path $TestDrive 'cut.tflite')
        Import-TfLiteModel $file -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        Get-ErrorId $err[0] | Should -Be 'TruncatedTfLiteFile'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidData'
        $err[0].TargetObject | Should -Be $file
    }

    It 'reports a file that is not a flatbuffer as InvalidTfLiteFile' {
        $file = Join-Path $TestDrive 'text.tflite'
        Set-Content -LiteralPath $file -Value ('not a model ' * 10)
        Import-TfLiteModel $file -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        Get-ErrorId $err[0] | Should -Be 'InvalidTfLiteFile'
    }
}
