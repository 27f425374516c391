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

    It 'declares TfLiteGraph as its output' {
        (Get-Command Import-KerasModel).OutputType.Name | Should -Be 'TfLite.Core.Graph.TfLiteGraph'
    }
}
