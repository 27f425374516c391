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
