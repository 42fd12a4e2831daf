<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="zh_CN">
<context>
    <name>SelfTest</name>
    <message>
        <location filename="../../hallclient/selftest.py" line="+157"/>
        <source>政务服务大厅</source>
        <translation>政务服务大厅</translation>
    </message>
</context>
</TS>
