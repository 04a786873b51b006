; The Windows installer (NSIS 3, a 64-bit installer): per machine into Program Files, a Start-menu entry,
; an entry in Apps & features with its uninstaller. Uninstalling removes the program and keeps
; the official's data folder (%LOCALAPPDATA%\ALGE-Timing\mt1-monitor: journal, logs,
; settings): it is the race's record.
;
;   makensis -DVERSION=0.1.0 -DBINARY=C:\path\mt1-monitor.exe -DOUTFILE=C:\path\setup.exe \
;            packaging/windows/mt1-monitor.nsi
; Paths are relative to this file (makensis works in its folder). Built and installed under
; Wine by tests/e2e/windows.sh; on Windows by the release workflow.
; 64-bit like the app: it installs into the 64-bit Program Files and registry view.
Target amd64-unicode
!ifndef VERSION | BINARY | OUTFILE
    !error "give -DVERSION=, -DBINARY= (the .exe) and -DOUTFILE= (the installer)"
!endif
!define APP "MT1 Monitor"
!define APP_ID "com.alge-timing.mt1-monitor"
!define EXE "mt1-monitor.exe"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP_ID}"

!include "MUI2.nsh"

Name "${APP}"
OutFile "${OUTFILE}"
InstallDir "$PROGRAMFILES64\${APP}"
RequestExecutionLevel admin
SetCompressor /SOLID lzma
VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=1033 "ProductName" "${APP}"
VIAddVersionKey /LANG=1033 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=1033 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=1033 "FileDescription" "${APP} installer"
VIAddVersionKey /LANG=1033 "LegalCopyright" "mt1-monitor developers, MIT OR Apache-2.0"

!define MUI_ICON "../../assets/icons/mt1-monitor.ico"
!define MUI_UNICON "../../assets/icons/mt1-monitor.ico"
!define MUI_FINISHPAGE_RUN "$INSTDIR\${EXE}"
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
; The officials' languages; Windows' own language chooses.
!insertmacro MUI_LANGUAGE "English"
!insertmacro MUI_LANGUAGE "German"
!insertmacro MUI_LANGUAGE "French"
!insertmacro MUI_LANGUAGE "Italian"

Function .onInit
    SetShellVarContext all
FunctionEnd

Function un.onInit
    SetShellVarContext all
FunctionEnd

Section "Install"
    SetOutPath "$INSTDIR"
    File "/oname=${EXE}" "${BINARY}"
    File "/oname=mt1-monitor.ico" "../../assets/icons/mt1-monitor.ico"
    File "/oname=README.md" "../../README.md"
    WriteUninstaller "$INSTDIR\Uninstall.exe"
    CreateShortcut "$SMPROGRAMS\${APP}.lnk" "$INSTDIR\${EXE}" "" "$INSTDIR\mt1-monitor.ico" 0
    WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayName" "${APP}"
    WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
    WriteRegStr HKLM "${UNINSTALL_KEY}" "Publisher" "mt1-monitor developers"
    WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\mt1-monitor.ico"
    WriteRegStr HKLM "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
    WriteRegStr HKLM "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\Uninstall.exe"'
    WriteRegStr HKLM "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\Uninstall.exe" /S'
    WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoModify" 1
    WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoRepair" 1
SectionEnd

Section "Uninstall"
    Delete "$INSTDIR\${EXE}"
    Delete "$INSTDIR\mt1-monitor.ico"
    Delete "$INSTDIR\README.md"
    Delete "$INSTDIR\Uninstall.exe"
    RMDir "$INSTDIR"
    Delete "$SMPROGRAMS\${APP}.lnk"
    DeleteRegKey HKLM "${UNINSTALL_KEY}"
    ; The data folder (%LOCALAPPDATA%\ALGE-Timing\mt1-monitor) stays: journal, logs, settings.
SectionEnd
