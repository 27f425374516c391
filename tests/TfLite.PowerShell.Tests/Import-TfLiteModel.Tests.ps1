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
