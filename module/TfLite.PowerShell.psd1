@{
    RootModule           = 'TfLite.PowerShell.dll'
    ModuleVersion        = '0.1.0'
    GUID                 = '6f0c7a5e-3d2b-4e8e-9a51-2b7f4f1c9d10'
    Author               = 'TfLite.PowerShell contributors'
    CompanyName          = 'TfLite.PowerShell contributors'
    Copyright            = '(c) TfLite.PowerShell contributors. MIT License.'
    Description          = 'Converts Keras models (.h5, .keras) to TensorFlow Lite flatbuffers, with no Python and no TensorFlow.'
    PowerShellVersion    = '7.4'
    CompatiblePSEditions = @('Core')
    TypesToProcess       = @('TfLite.PowerShell.Types.ps1xml')
    FormatsToProcess     = @('TfLite.PowerShell.Format.ps1xml')
    CmdletsToExport      = @(
        'Import-KerasModel'
        'Import-TfLiteModel'
        'Import-TfModel'
        'Export-TfLiteModel'
        'Invoke-TfLiteModel'
        'Optimize-TfLiteModel'
        'Measure-TfLiteModel'
    )
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags       = @('TensorFlowLite', 'TFLite', 'Keras', 'MachineLearning', 'Quantization')
            LicenseUri = 'https://opensource.org/licenses/MIT'
        }
    }
}
