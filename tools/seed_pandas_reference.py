#!/usr/bin/python3
"""The independent reference for smbhunt's `seed` profile: the OTRF Threat Hunter Playbook notebook
"SMB Create Remote File" (../shared/seeds/004_*.txt), its pandas cells run as written on JSON-lines
files.

The filters and merges below are the notebook's, unchanged, except that every selected frame also
carries two columns, `source` and `line`, so that each result row can name the events it was made
of (they play no part in any filter or join), and V's two frames are `.copy()`-ed before the
Filename column is added (the notebook assigns to a slice; same values, no warning). Output: one JSON object per result row,
{"analytic": "I".."V", "events": [[file name, line], ...]} with the events in smbhunt's evidence
order (the trigger first: I/III the event, II the C$ connect then the IPC$ connect, IV the write
then the IPC$ and C$ connects, V the write then the Sysmon 11 create).

Usage: /usr/bin/python3 seed_pandas_reference.py FILE.json [FILE.json ...]   (needs python3-pandas)
"""
import json
import os
import sys

import pandas as pd
from pandas.io import json as pdjson

COLUMNS = ['@timestamp', 'Hostname', 'ShareName', 'SubjectUserName', 'SubjectLogonId', 'AccessMask',
           'IpAddress', 'IpPort', 'RelativeTargetName', 'Image', 'TargetFilename', 'Channel', 'EventID']


def read(paths):
    frames = []
    for path in paths:
        # The notebook: df = json.read_json(path_or_buf=datasetJSONPath, lines=True)
        df = pdjson.read_json(path_or_buf=path, lines=True)
        df['source'] = os.path.basename(path)
        df['line'] = range(1, len(df) + 1)
        frames.append(df)
    df = pd.concat(frames, ignore_index=True)
    for column in COLUMNS:
        if column not in df.columns:
            df[column] = None
    return df


def emit(name, frame, pairs):
    for row in frame.itertuples(index=False):
        values = row._asdict()
        events = [[values[s], int(values[l])] for s, l in pairs]
        print(json.dumps({'analytic': name, 'events': events}))


def main(paths):
    df = read(paths)

    # Analytic I
    i = (
        df[['@timestamp', 'Hostname', 'ShareName', 'SubjectUserName', 'SubjectLogonId', 'AccessMask',
            'source', 'line']]
        [(df['Channel'].str.lower() == 'security')
         & (df['EventID'] == 5140)
         & (~df['ShareName'].str.contains('.*IPC.*', regex=True, na=True))
         & (~df['SubjectUserName'].str.endswith('$', na=False))
         ]
    )
    emit('I', i, [('source', 'line')])

    # Analytic II
    IPCShareDf = (
        df[['@timestamp', 'Hostname', 'ShareName', 'SubjectUserName', 'SubjectLogonId', 'AccessMask',
            'source', 'line']]
        [(df['Channel'].str.lower() == 'security')
         & (df['EventID'] == 5140)
         & (df['ShareName'].str.contains('.*IPC.*', regex=True))
         & (~df['SubjectUserName'].str.endswith('$', na=False))
         ]
    )
    CShareDf = (
        df[['@timestamp', 'Hostname', 'ShareName', 'SubjectUserName', 'SubjectLogonId', 'AccessMask',
            'source', 'line']]
        [(df['Channel'].str.lower() == 'security')
         & (df['EventID'] == 5140)
         & (df['ShareName'].str.endswith('\\C$', na=False))
         & (~df['SubjectUserName'].str.endswith('$', na=False))
         ]
    )
    ii = pd.merge(IPCShareDf, CShareDf, on='SubjectLogonId', how='inner')
    emit('II', ii, [('source_y', 'line_y'), ('source_x', 'line_x')])

    # Analytic III
    iii = (
        df[['@timestamp', 'Hostname', 'ShareName', 'SubjectUserName', 'SubjectLogonId', 'IpAddress',
            'IpPort', 'RelativeTargetName', 'source', 'line']]
        [(df['Channel'].str.lower() == 'security')
         & (df['EventID'] == 5145)
         & (df['AccessMask'] == '0x2')
         & (df['ShareName'].str.endswith('\\C$', na=False))
         & (~df['SubjectUserName'].str.endswith('$', na=False))
         ]
    )
    emit('III', iii, [('source', 'line')])

    # Analytic IV
    IPCShareDf = (
        df[['@timestamp', 'Hostname', 'ShareName', 'SubjectUserName', 'SubjectLogonId', 'AccessMask',
            'source', 'line']]
        [(df['Channel'].str.lower() == 'security')
         & (df['EventID'] == 5140)
         & (df['ShareName'].str.contains('.*IPC.*', regex=True))
         & (~df['SubjectUserName'].str.endswith('$', na=False))
         ]
    )
    CShareDf = (
        df[['@timestamp', 'Hostname', 'ShareName', 'SubjectUserName', 'SubjectLogonId', 'AccessMask',
            'source', 'line']]
        [(df['Channel'].str.lower() == 'security')
         & (df['EventID'] == 5140)
         & (df['ShareName'].str.endswith('\\C$', na=False))
         ]
    )
    firstJoinDf = pd.merge(IPCShareDf, CShareDf, on='SubjectLogonId', how='inner')
    fileAccessedDf = (
        df[['@timestamp', 'Hostname', 'ShareName', 'SubjectUserName', 'SubjectLogonId', 'IpAddress',
            'IpPort', 'RelativeTargetName', 'source', 'line']]
        [(df['Channel'].str.lower() == 'security')
         & (df['EventID'] == 5145)
         & (df['AccessMask'] == '0x2')
         & (df['ShareName'].str.endswith('\\C$', na=False))
         ]
    )
    iv = pd.merge(firstJoinDf, fileAccessedDf, on='SubjectLogonId', how='inner')
    emit('IV', iv, [('source', 'line'), ('source_x', 'line_x'), ('source_y', 'line_y')])

    # Analytic V
    fileAccessedDf = (
        df[['@timestamp', 'Hostname', 'ShareName', 'SubjectUserName', 'SubjectLogonId', 'IpAddress',
            'IpPort', 'RelativeTargetName', 'source', 'line']]
        [(df['Channel'].str.lower() == 'security')
         & (df['EventID'] == 5145)
         & (df['AccessMask'] == '0x2')
         ]
    ).copy()
    fileAccessedDf['Filename'] = fileAccessedDf['RelativeTargetName'].str.split('\\').str[-1]
    fileCreateDf = (
        df[['@timestamp', 'Hostname', 'Image', 'TargetFilename', 'source', 'line']]
        [(df['Channel'] == 'Microsoft-Windows-Sysmon/Operational')
         & (df['EventID'] == 11)
         & (df['Image'].str.lower() == 'system')
         ]
    ).copy()
    fileCreateDf['Filename'] = fileCreateDf['TargetFilename'].str.split('\\').str[-1]
    v = pd.merge(fileAccessedDf, fileCreateDf, on='Filename', how='inner')
    emit('V', v, [('source_x', 'line_x'), ('source_y', 'line_y')])


if __name__ == '__main__':
    main(sys.argv[1:])
