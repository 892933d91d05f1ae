"""Writes the VBA fixtures beside this script with the ms-ovba package (PyPI ms-ovba 0.0.1,
ms-cfb 0.0.6): `python3 -m pip install --target DIR ms-ovba`, then `PYTHONPATH=DIR python3 THIS`.
olevba (oletools 0.60.2) reads both back with the sources the tests expect. Reruns differ only
in the PROJECT stream, whose CMG/DPB/GC fields ms-ovba encrypts with a random seed."""
import os, shutil, uuid
from ms_ovba.vbaProject import VbaProject
from ms_ovba.Models.Entities.doc_module import DocModule
from ms_ovba.Models.Entities.std_module import StdModule
from ms_ovba.Views.project_ole_file import ProjectOleFile
from ms_ovba.Models.Entities.reference import Reference
from ms_ovba.Models.Entities.reference_registered import ReferenceRegistered
from ms_ovba.Models.Fields.libid_reference import LibidReference

THIS_DOCUMENT_HEADER = [
    'Attribute VB_Name = "ThisDocument"',
    'Attribute VB_Base = "1Normal.ThisDocument"',
    'Attribute VB_GlobalNameSpace = False',
    'Attribute VB_Creatable = False',
    'Attribute VB_PredeclaredId = True',
    'Attribute VB_Exposed = True',
    'Attribute VB_TemplateDerived = True',
    'Attribute VB_Customizable = True',
]

def source(path, lines):
    # Module text exactly as the VBA editor stores it: CRLF lines, Windows-1252 bytes.
    with open(path + '.new', 'wb') as f:
        f.write(('\r\n'.join(lines) + '\r\n').encode('cp1252'))

def build(out, modules):
    work = os.path.abspath(out + '.d')
    os.makedirs(work, exist_ok=True)
    os.chdir(work)
    project = VbaProject()
    project.project_id = '{00000000-0000-0000-0000-000000000000}'
    for kind, name, lines in modules:
        module = DocModule(name) if kind == 'doc' else StdModule(name)
        module.add_file(os.path.join(work, name))
        source(os.path.join(work, name), lines)
        project.add_module(module)
    libid = LibidReference(uuid.UUID("0002043000000000C000000000000046"), "2.0", "0",
                           "C:\\Windows\\System32\\stdole2.tlb", "OLE Automation")
    project.add_reference(Reference(ReferenceRegistered(libid), "stdole"))
    ProjectOleFile.write_file(project)
    os.replace('vbaProject.bin', os.path.join('..', out))
    os.chdir('..')
    shutil.rmtree(work)

FORMATTING = THIS_DOCUMENT_HEADER + [
    "' Formats the report when it opens. Nothing here calls Shell or writes files.",
    'Private Sub Document_Open()',
    '    FormatHeadings "Résumé – Überblick"',
    'End Sub',
]
TOOLS = [
    'Attribute VB_Name = "Tools"',
    'Public Sub FormatHeadings(title As String)',
    '    Dim p As Paragraph',
    '    For Each p In ActiveDocument.Paragraphs',
    '        If p.OutlineLevel = wdOutlineLevel1 Then p.Range.Font.Bold = True',
    '    Next p',
    '    ActiveDocument.BuiltInDocumentProperties("Title") = _',
    '        title',
    '    MsgBox "Headings formatted: " & Chr(34) & title & Chr(34)',
    'End Sub',
]
DROPPER = [
    'Attribute VB_Name = "Dropper"',
    "' Test sample shaped like a ThreatNeedle dropper; the payload is a placeholder.",
    'Private Const PAYLOAD_NAME As String = "officecert.exe"',
    '',
    'Sub AutoOpen()',
    '    Dim target As String, shortcutPath As String',
    '    target = Environ("TEMP") & "\\" & PAYLOAD_NAME',
    '    WritePayload target, "TVqQAAMAAAAEAAAA"',
    '    Set wsh = CreateObject("WScript.Shell")',
    '    shortcutPath = wsh.SpecialFolders("Startup") & "\\OfficeSync.lnk"',
    '    Set lnk = wsh.CreateShortcut(shortcutPath)',
    '    lnk.TargetPath = target',
    '    lnk.Save',
    '    Shell target, vbHide',
    'End Sub',
    '',
    'Private Sub WritePayload(path As String, encoded As String)',
    '    Dim stream As Object',
    '    Set stream = CreateObject("ADODB.Stream")',
    '    stream.Type = 1',
    '    stream.Open',
    '    stream.Write encoded',
    '    stream.SaveToFile path, 2',
    '    stream.Close',
    'End Sub',
]

os.chdir(os.path.dirname(os.path.abspath(__file__)))
build('formatting_vbaProject.bin', [('doc', 'ThisDocument', FORMATTING), ('std', 'Tools', TOOLS)])
build('dropper_vbaProject.bin', [('doc', 'ThisDocument', THIS_DOCUMENT_HEADER), ('std', 'Dropper', DROPPER)])
