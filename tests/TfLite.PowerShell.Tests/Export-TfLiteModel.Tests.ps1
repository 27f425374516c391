BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
}

Describe 'Export-TfLiteModel parameters' {
    BeforeAll { $script:Metadata = Get-Command Export-TfLiteModel }

    It 'takes the graph from the pipeline and the destination by position' {
        $input = $Metadata.Parameters['InputObject']
        $input.ParameterType.FullName | Should -Be 'TfLite.Core.Graph.TfLiteGraph'
        $input.ParameterSets['__AllParameterSets'].ValueFromPipeline | Should -BeTrue
        $Metadata.Parameters['Path'].ParameterSets['Path'].Position | Should -Be 0
        $Metadata.Parameters['LiteralPath'].Aliases | Should -Be @('PSPath', 'LP')
        $Metadata.DefaultParameterSet | Should -Be 'Path'
    }

    It 'supports -WhatIf and -Confirm' {
        $Metadata.Parameters.Keys | Should -Contain 'WhatIf'
        $Metadata.Parameters.Keys | Should -Contain 'Confirm'
    }

    It 'refuses pipeline input that is not a graph' {
        { 'not a graph' | Export-TfLiteModel (Join-Path $TestDrive 'x.tflite') -ErrorAction Stop } |
            Should -Throw -ErrorId 'InputObjectNotBound*'
        Join-Path $TestDrive 'x.tflite' | Should -Not -Exist
    }
}

Describe 'Export-TfLiteModel safety' {
    It 'writes nothing with -WhatIf' {
        $target = Join-Path $TestDrive 'whatif.tflite'
        $out = New-TestGraph | Export-TfLiteModel $target -WhatIf -PassThru
        $out | Should -BeNullOrEmpty
        $target | Should -Not -Exist
    }

    It 'leaves an existing file alone without -Force and reports FileExists' {
        $target = Join-Path $TestDrive 'existing.tflite'
        Set-Content -LiteralPath $target -Value 'keep me' -NoNewline
        $out = New-TestGraph | Export-TfLiteModel $target -PassThru -ErrorVariable err -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $err.Count | Should -Be 1
        Get-ErrorId $err[0] | Should -Be 'FileExists'
        $err[0].CategoryInfo.Category | Should -Be 'ResourceExists'
        $err[0].TargetObject | Should -Be $target
        Get-Content -LiteralPath $target -Raw | Should -Be 'keep me'
    }

    It 'reports FileExists for each graph that would overwrite' {
        $target = Join-Path $TestDrive 'twice.tflite'
        Set-Content -LiteralPath $target -Value 'keep me' -NoNewline
        (New-TestGraph 'a'), (New-TestGraph 'b') | Export-TfLiteModel $target -ErrorVariable err -ErrorAction SilentlyContinue
        @($err | Where-Object { (Get-ErrorId $_) -eq 'FileExists' }).Count | Should -Be 2
    }

    It 'stops with DirectoryNotFound when the folder does not exist' {
        $target = Join-Path $TestDrive 'no' 'such' 'folder' 'm.tflite'
        { New-TestGraph | Export-TfLiteModel $target -ErrorAction Stop } | Should -Throw -ErrorId 'DirectoryNotFound*'
        Join-Path $TestDrive 'no' | Should -Not -Exist
    }

    It 'stops with PathIsDirectory when the destination is a folder' {
        { New-TestGraph | Export-TfLiteModel -LiteralPath $TestDrive -ErrorAction Stop } | Should -Throw -ErrorId 'PathIsDirectory*'
    }

    It 'stops with AmbiguousPath when a wildcard destination matches two files' {
        Set-Content (Join-Path $TestDrive 'amb1.tflite') 'x'
        Set-Content (Join-Path $TestDrive 'amb2.tflite') 'x'
        { New-TestGraph | Export-TfLiteModel (Join-Path $TestDrive 'amb*.tflite') -Force -ErrorAction Stop } |
            Should -Throw -ErrorId 'AmbiguousPath*'
    }

    It 'stops with NotFileSystemPath for a destination on another provider' {
        { New-TestGraph | Export-TfLiteModel 'Env:model' -ErrorAction Stop } | Should -Throw -ErrorId 'NotFileSystemPath*'
    }
}

Describe 'Export-TfLiteModel writing' {
    BeforeAll {
        $script:Demo = Import-KerasModel (New-SampleModel demo-mlp (Join-Path $TestDrive 'demo.h5'))
    }

    It 'writes a TFLite flatbuffer and emits its FileInfo with -PassThru' {
        $target = Join-Path $TestDrive 'demo.tflite'
        $file = $Demo | Export-TfLiteModel $target -PassThru
        $file | Should -BeOfType ([IO.FileInfo])
        $file.FullName | Should -Be $target
        $bytes = [IO.File]::ReadAllBytes($target)
        $file.Length | Should -Be $bytes.Length
        [Text.Encoding]::ASCII.GetString($bytes, 4, 4) | Should -Be 'TFL3' -Because 'the schema file identifier follows the root offset'
    }

    It 'emits nothing without -PassThru and leaves no temporary file behind' {
        $folder = New-Item -ItemType Directory (Join-Path $TestDrive 'clean')
        $out = $Demo | Export-TfLiteModel (Join-Path $folder 'm.tflite')
        $out | Should -BeNullOrEmpty
        (Get-ChildItem $folder -Force).Name | Should -Be 'm.tflite'
    }

    It 'replaces an existing file with -Force' {
        $target = Join-Path $TestDrive 'replace.tflite'
        Set-Content -LiteralPath $target -Value 'old' -NoNewline
        $Demo | Export-TfLiteModel $target -Force
        [Text.Encoding]::ASCII.GetString([IO.File]::ReadAllBytes($target), 4, 4) | Should -Be 'TFL3'
    }

    It 'writes the same bytes for the same graph' {
        $one = $Demo | Export-TfLiteModel (Join-Path $TestDrive 'one.tflite') -PassThru
        $two = $Demo | Export-TfLiteModel (Join-Path $TestDrive 'two.tflite') -PassThru
        (Get-FileHash $one).Hash | Should -Be (Get-FileHash $two).Hash
    }

    It 'takes -LiteralPath exactly as written' {
        $target = Join-Path $TestDrive 'model[1].tflite'
        $Demo | Export-TfLiteModel -LiteralPath $target
        Test-Path -LiteralPath $target | Should -BeTrue
    }

    It 'writes a file that reads back with the same inputs, outputs and weights' {
        $target = Join-Path $TestDrive 'roundtrip.tflite'
        $Demo | Export-TfLiteModel $target
        $back = Import-TfLiteModel $target
        $back.Inputs[0].ShapeText | Should -Be '[-1,4]'
        $back.Outputs[0].ShapeText | Should -Be '[-1,3]'
        $back.ParameterCount | Should -Be ((4 * 8 + 8) + (8 * 3 + 3))
        $back.OperatorCount | Should -Be $Demo.OperatorCount
    }

    It 'writes a file that TensorFlow Lite itself loads' {
        $node = Get-Command node -ErrorAction Ignore
        $node | Should -Not -BeNullOrEmpty -Because 'the LiteRT oracle runs under Node'
        $target = Join-Path $TestDrive 'oracle.tflite'
        $Demo | Export-TfLiteModel $target
        $json = & node (Get-SharedPath 'oracle/run.mjs') $target --describe 2>&1
        $LASTEXITCODE | Should -Be 0 -Because ($json -join "`n")
        $description = ($json | Where-Object { $_ -is [string] }) -join "`n" | ConvertFrom-Json
        $description.inputs[0].shape_signature | Should -Be @(-1, 4)
        $description.outputs[0].shape_signature | Should -Be @(-1, 3)
    }

    It 'reports a graph the writer cannot serialize as InvalidTfLiteGraph and writes nothing' {
        $empty = (Get-GraphType)::new()   # no subgraph at all
        $empty.Name = 'hollow'
        $target = Join-Path $TestDrive 'hollow.tflite'
        $out = $empty, $Demo | Export-TfLiteModel $target -PassThru -ErrorVariable err -ErrorAction SilentlyContinue
        $err.Count | Should -Be 1
        Get-ErrorId $err[0] | Should -Be 'InvalidTfLiteGraph'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidData'
        $err[0].TargetObject.Name | Should -Be 'hollow'
        @($out).Count | Should -Be 1 -Because 'the next graph in the pipeline is still written'
        (Get-ChildItem $TestDrive -Filter 'hollow*' -Force).Name | Should -Be 'hollow.tflite'
    }
}
