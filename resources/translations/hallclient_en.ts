<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>SelfTest</name>
    <message>
        <location filename="../../hallclient/selftest.py" line="+157"/>
        <source>政务服务大厅</source>
        <translation>Government service hall</translation>
    </message>
</context>
</TS>
